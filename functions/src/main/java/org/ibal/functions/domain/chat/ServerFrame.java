package org.ibal.functions.domain.chat;

import java.time.Instant;
import org.ibal.functions.domain.ChatMessage;

/** Server → client frames of docs/protocol.md; the push adapter renders them as JSON with {@code type} and {@code ts}. */
public sealed interface ServerFrame {
    Instant ts();

    record UserInfo(String username, String displayName, String sessionId, Instant ts) implements ServerFrame {}

    record Ack(String clientMessageId, String messageId, String sessionId, Instant ts) implements ServerFrame {}

    record Chunk(String messageId, String replyTo, int seq, String delta, Instant ts) implements ServerFrame {}

    /** The final, persisted reply. */
    record Message(ChatMessage message, Instant ts) implements ServerFrame {}

    /** @param replyTo the clientMessageId (or messageId) it answers, or null */
    record Error(String code, String message, boolean retryable, String replyTo, Instant ts) implements ServerFrame {}

    record Pong(Instant ts) implements ServerFrame {}
}
