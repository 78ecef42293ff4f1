package org.ibal.functions.handler.ws;

import org.ibal.functions.domain.chat.ClientAction;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.UnknownActionException;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/** Client → server frames: JSON text to a validated {@link ClientAction}. */
public final class InboundFrames {
    private static final int MAX_ID_CHARS = 64;

    private InboundFrames() {}

    /**
     * @throws InvalidInputException  not JSON, not an object, or a missing/empty/ill-typed field
     * @throws UnknownActionException an action nobody handles
     */
    public static ClientAction parse(String body) {
        ObjectNode frame = Json.parseObject(body);
        String action = frame.get("action") != null && frame.get("action").isString()
                ? frame.get("action").asString()
                : null;
        if (action == null) {
            throw new UnknownActionException(null);
        }
        return switch (action) {
            case "hello" -> new ClientAction.Hello(id(frame, "sessionId", false), id(frame, "classId", false));
            case "sendMessage" ->
                new ClientAction.SendMessage(
                        id(frame, "sessionId", false), id(frame, "clientMessageId", true), content(frame));
            case "stop" -> new ClientAction.Stop(id(frame, "messageId", false));
            case "ping" -> new ClientAction.Ping();
            default -> throw new UnknownActionException(action);
        };
    }

    /** Best effort: the (well-formed) id an error about this frame should answer, or null. */
    public static String replyTo(String body) {
        try {
            ObjectNode frame = Json.parseObject(body);
            String clientMessageId = id(frame, "clientMessageId", false);
            return clientMessageId != null ? clientMessageId : id(frame, "messageId", false);
        } catch (RuntimeException notParseable) {
            return null;
        }
    }

    private static String id(ObjectNode frame, String field, boolean required) {
        String value = Json.optionalString(frame, field);
        if (value == null) {
            if (required) {
                throw new InvalidInputException(field + " is required");
            }
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_ID_CHARS) {
            throw new InvalidInputException(field + " must be 1 to " + MAX_ID_CHARS + " characters");
        }
        return value;
    }

    private static String content(ObjectNode frame) {
        String content = Json.optionalString(frame, "content");
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("content is required and must not be empty");
        }
        return content;
    }
}
