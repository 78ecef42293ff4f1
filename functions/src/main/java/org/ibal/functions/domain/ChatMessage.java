package org.ibal.functions.domain;

import java.time.Instant;
import java.util.List;

/**
 * One stored message of a session.
 *
 * @param clientMessageId set on user messages
 * @param replyTo         set on assistant messages: the user message they answer
 */
public record ChatMessage(
        String id,
        String sessionId,
        Role role,
        String content,
        Instant createdAt,
        String clientMessageId,
        String replyTo,
        boolean stopped,
        List<Source> sources,
        List<String> followUps) {

    public enum Role {
        USER,
        ASSISTANT
    }

    public ChatMessage {
        sources = sources == null ? List.of() : List.copyOf(sources);
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }

    public static ChatMessage user(
            String id, String sessionId, String content, Instant createdAt, String clientMessageId) {
        return new ChatMessage(
                id, sessionId, Role.USER, content, createdAt, clientMessageId, null, false, List.of(), List.of());
    }
}
