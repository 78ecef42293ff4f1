package org.ibal.functions.domain.chat;

/** Client → server frames, already validated by the frame parser. */
public sealed interface ClientAction {
    /** @param classId the class to chat in (the caller must be in it), or null for the default */
    record Hello(String sessionId, String classId) implements ClientAction {
        public Hello(String sessionId) {
            this(sessionId, null);
        }
    }

    record SendMessage(String sessionId, String clientMessageId, String content) implements ClientAction {}

    record Stop(String messageId) implements ClientAction {}

    record Ping() implements ClientAction {}
}
