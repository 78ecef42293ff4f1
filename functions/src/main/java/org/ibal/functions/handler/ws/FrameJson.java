package org.ibal.functions.handler.ws;

import org.ibal.functions.domain.chat.ServerFrame;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/** Server → client frames as JSON, each with {@code type} and {@code ts} (epoch millis). */
public final class FrameJson {
    private FrameJson() {}

    public static String encode(ServerFrame frame) {
        ObjectNode out = switch (frame) {
            case ServerFrame.UserInfo f ->
                Json.object()
                        .put("type", "user_info")
                        .put("username", f.username())
                        .put("displayName", f.displayName())
                        .put("sessionId", f.sessionId());
            case ServerFrame.Ack f ->
                Json.object()
                        .put("type", "ack")
                        .put("clientMessageId", f.clientMessageId())
                        .put("messageId", f.messageId())
                        .put("sessionId", f.sessionId());
            case ServerFrame.Chunk f ->
                Json.object()
                        .put("type", "chunk")
                        .put("messageId", f.messageId())
                        .put("replyTo", f.replyTo())
                        .put("seq", f.seq())
                        .put("delta", f.delta());
            case ServerFrame.Message f -> message(f);
            case ServerFrame.Error f -> {
                ObjectNode error = Json.object()
                        .put("type", "error")
                        .put("code", f.code())
                        .put("message", f.message())
                        .put("retryable", f.retryable());
                if (f.replyTo() != null) {
                    error.put("replyTo", f.replyTo());
                }
                yield error;
            }
            case ServerFrame.Pong f -> Json.object().put("type", "pong");
        };
        out.put("ts", frame.ts().toEpochMilli());
        return Json.write(out);
    }

    private static ObjectNode message(ServerFrame.Message frame) {
        var m = frame.message();
        ObjectNode out = Json.object()
                .put("type", "message")
                .put("messageId", m.id())
                .put("replyTo", m.replyTo())
                .put("role", "assistant")
                .put("content", m.content())
                .put("sessionId", m.sessionId())
                .put("createdAt", m.createdAt().toString())
                .put("stopped", m.stopped());
        Json.putSourcesAndFollowUps(out, m);
        return out;
    }
}
