package org.ibal.functions.domain.port;

import org.ibal.functions.domain.usage.ClassBudget;
import java.time.Instant;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Page;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.SessionNotFoundException;

/** Sessions and their messages. */
public interface SessionStore {
    /** Stores a new session, marked as having no message yet. */
    void create(ChatSession session);

    Optional<ChatSession> find(String sessionId);

    /** Newest activity first. @throws InvalidInputException on a cursor this store did not issue for this user */
    Page<ChatSession> listSessions(String userId, int limit, String cursor);

    /** Sets the title and updatedAt; returns the updated session, empty if it is gone. */
    Optional<ChatSession> rename(String sessionId, String title, Instant now);

    /**
     * What sendMessage reads before it writes, in one consistent read: the session, the exchange stored under
     * {@code clientMessageId} in it if any, and the count of {@code counter} (the previous window of the caller's
     * message rate, which its sliding estimate needs).
     */
    default MessageLookup findForMessage(String sessionId, String clientMessageId, RateLimiter.Counter counter) {
        return findForMessage(sessionId, clientMessageId, counter, null);
    }

    /**
     * The same read, with the session's class limits folded into it (the class, the learner's membership and the
     * class's month spend): still one batch before the model.
     *
     * @param classKey the caller (whose account state is read) and their chat's class, if any; null reads neither
     */
    MessageLookup findForMessage(String sessionId, String clientMessageId, RateLimiter.Counter counter,
                                 ClassBudget.Key classKey);

    /** Removes the session and every message of it. */
    void delete(String sessionId);

    /**
     * Stores a user message once per (session, clientMessageId) — a conditional write — and marks the session's
     * activity in the same write (setting the title too if the session still has the default one; the session
     * then has messages).
     *
     * @param titleIfDefault the session's new title if it still has the default one, else null
     * @return the exchange stored before if this clientMessageId was seen already, else empty (stored now)
     * @throws SessionNotFoundException if the session was deleted meanwhile (nothing is stored)
     */
    Optional<Exchange> recordUserMessage(ChatMessage userMessage, String titleIfDefault);

    Optional<Exchange> findExchange(String sessionId, String clientMessageId);

    /**
     * Stores the assistant reply, links it to the exchange of {@code clientMessageId} (noting which attempt stored
     * it) and marks the session's activity as of {@code now}, in one write.
     *
     * @throws SessionNotFoundException if the session was deleted meanwhile (nothing is stored)
     */
    void recordReply(ChatMessage reply, String clientMessageId, String attempt, Instant now);

    /** Newest first. @throws InvalidInputException on a cursor this store did not issue for this session */
    Page<ChatMessage> listMessages(String sessionId, int limit, String cursor);

    /**
     * A session (empty if it does not exist), the exchange looked up in it if there was one, and the counter read
     * with them.
     */
    record MessageLookup(Optional<ChatSession> session, Optional<Exchange> exchange, long counted,
                         Optional<ClassBudget> classBudget, boolean suspended) {
        public MessageLookup(Optional<ChatSession> session, Optional<Exchange> exchange, long counted) {
            this(session, exchange, counted, Optional.empty(), false);
        }
    }

    /**
     * A user message and, once the model answered, its reply.
     *
     * @param replyAttempt the attempt that stored the reply, or null
     */
    record Exchange(ChatMessage userMessage, ChatMessage reply, String replyAttempt) {
        public Exchange(ChatMessage userMessage, ChatMessage reply) {
            this(userMessage, reply, null);
        }

        public Optional<ChatMessage> replyIfAny() {
            return Optional.ofNullable(reply);
        }
    }
}
