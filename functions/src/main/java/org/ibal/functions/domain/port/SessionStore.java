package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Page;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.SessionNotFoundException;

/** Sessions and their messages. */
public interface SessionStore {
    void create(ChatSession session);

    Optional<ChatSession> find(String sessionId);

    /** Newest activity first. @throws InvalidInputException on a cursor this store did not issue for this user */
    Page<ChatSession> listSessions(String userId, int limit, String cursor);

    /** Sets the title and updatedAt; returns the updated session, empty if it is gone. */
    Optional<ChatSession> rename(String sessionId, String title, Instant now);

    /** Marks activity (and sets the title if the session still has the default one). */
    void touch(String sessionId, Instant now, String titleIfDefault);

    /** Removes the session and every message of it. */
    void delete(String sessionId);

    /**
     * Stores a user message once per (session, clientMessageId) — a conditional write.
     *
     * @return the exchange stored before if this clientMessageId was seen already, else empty (stored now)
     * @throws SessionNotFoundException if the session was deleted meanwhile (nothing is stored)
     */
    Optional<Exchange> recordUserMessage(ChatMessage userMessage);

    Optional<Exchange> findExchange(String sessionId, String clientMessageId);

    /**
     * Stores the assistant reply and links it to the exchange of {@code clientMessageId}.
     *
     * @throws SessionNotFoundException if the session was deleted meanwhile (nothing is stored)
     */
    void recordReply(ChatMessage reply, String clientMessageId);

    /** Newest first. @throws InvalidInputException on a cursor this store did not issue for this session */
    Page<ChatMessage> listMessages(String sessionId, int limit, String cursor);

    /** A user message and, once the model answered, its reply. */
    record Exchange(ChatMessage userMessage, ChatMessage reply) {
        public Optional<ChatMessage> replyIfAny() {
            return Optional.ofNullable(reply);
        }
    }
}
