package org.ibal.functions.domain.chat;

/** Client → server frames, already validated by the frame parser. */
public sealed interface ClientAction {
    record Hello(String sessionId) implements ClientAction {
    }

    record SendMessage(String sessionId, String clientMessageId, String content) implements ClientAction {
    }

    record Stop(String messageId) implements ClientAction {
    }

    record Ping() implements ClientAction {
    }
}
