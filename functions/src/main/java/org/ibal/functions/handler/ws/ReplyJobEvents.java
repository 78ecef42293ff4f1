package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import org.ibal.functions.domain.chat.ReplyJob;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The internal job event the {@code chat} function sends itself to stream a reply asynchronously. It is shaped as a
 * WebSocket MESSAGE event — {@code requestContext} with {@code eventType: "IBAL_JOB"}, the connection, domain and
 * stage, and the job as the {@code body} — so it reaches the handler through the same event conversion as every
 * route. API Gateway only ever sends CONNECT, MESSAGE and DISCONNECT, so a client cannot forge a job; only an
 * invocation of the function itself (which IAM restricts to the function's own role) can.
 *
 * <pre>{"requestContext":{"eventType":"IBAL_JOB","routeKey":"$ibalJob","connectionId":"…","requestId":"…",
 *   "domainName":"…","stage":"…"},
 *  "body":"{\"ibalJob\":\"reply\",\"userId\":\"u_…\",\"sessionId\":\"s_…\",\"clientMessageId\":\"c-1\",
 *           \"messageId\":\"m_…-r\",\"connectionId\":\"…\",\"attempt\":\"…\"}"}</pre>
 */
public final class ReplyJobEvents {
    static final String EVENT_TYPE = "IBAL_JOB";
    private static final String REPLY = "reply";

    private ReplyJobEvents() {}

    static boolean isJob(APIGatewayV2WebSocketEvent event) {
        return event.getRequestContext() != null
                && EVENT_TYPE.equals(event.getRequestContext().getEventType());
    }

    /** The event for {@code job}, carrying the originating event's domain and stage (where pushes go). */
    public static String encode(ReplyJob job, String requestId, String domainName, String stage) {
        ObjectNode body = Json.object()
                .put("ibalJob", REPLY)
                .put("userId", job.userId())
                .put("sessionId", job.sessionId())
                .put("clientMessageId", job.clientMessageId())
                .put("messageId", job.replyId())
                .put("connectionId", job.connectionId())
                .put("attempt", job.attempt());
        ObjectNode event = Json.object();
        event.putObject("requestContext")
                .put("eventType", EVENT_TYPE)
                .put("routeKey", "$ibalJob")
                .put("connectionId", job.connectionId())
                .put("requestId", requestId)
                .put("domainName", domainName)
                .put("stage", stage);
        event.put("body", Json.write(body));
        return Json.write(event);
    }

    /** @throws IllegalArgumentException for a job this version does not know */
    static ReplyJob decode(APIGatewayV2WebSocketEvent event) {
        ObjectNode body = Json.parseObject(event.getBody());
        String kind = Json.optionalString(body, "ibalJob");
        if (!REPLY.equals(kind)) {
            throw new IllegalArgumentException("unknown ibalJob " + kind);
        }
        return new ReplyJob(
                required(body, "userId"),
                required(body, "sessionId"),
                required(body, "clientMessageId"),
                required(body, "messageId"),
                required(body, "connectionId"),
                required(body, "attempt"));
    }

    private static String required(ObjectNode body, String field) {
        String value = Json.optionalString(body, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("ibalJob without " + field);
        }
        return value;
    }
}
