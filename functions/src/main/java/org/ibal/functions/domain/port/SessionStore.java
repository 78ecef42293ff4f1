package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Page;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.usage.ClassBudget;

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
        return findForMessage(null, sessionId, clientMessageId, counter, null);
    }

    /**
     * The same read, with the caller's account state (suspended?) and their chat's class limits folded into it (the
     * class, the learner's membership and the class's month spend): still one batch before the model.
     *
     * @param connectionId the connection to read in the same batch (its keys named from a hint: see
     *                     {@link org.ibal.functions.domain.chat.ConnectionHints}), or null
     * @param sessionId    the session to read, or null to read only the connection, the counter and the class
     * @param classKey     the caller and their chat's class, if any; null reads neither
     */
    MessageLookup findForMessage(
            String connectionId,
            String sessionId,
            String clientMessageId,
            RateLimiter.Counter counter,
            ClassBudget.Key classKey);

    /** Removes the session and every message of it. */
    void delete(String sessionId);

    /**
     * Stores a user message once per (session, clientMessageId) — a conditional write — and marks the session's
     * activity in the same write (setting the title too if the session still has the default one; the session
     * then has messages). Counts one event under each of {@code counted} in that same write, all or nothing: a
     * message refused by a limit is not stored, and a message not stored counts against no limit.
     *
     * With {@code running}, the reply's running record (see {@link RunningReplies#start}) is written in the same
     * write too.
     *
     * @param titleIfDefault the session's new title if it still has the default one, else null
     * @param counted        limits to count the message against (each conditional on its room), or none
     * @param running        the attempt at its reply about to stream in this invocation, or null
     * @throws SessionNotFoundException if the session was deleted meanwhile (nothing is stored or counted)
     */
    Recorded recordUserMessage(
            ChatMessage userMessage,
            String titleIfDefault,
            List<RateLimiter.Limit> counted,
            RunningReplies.RunningReply running);

    /**
     * {@link #recordUserMessage(ChatMessage, String, List, RunningReplies.RunningReply)} counting no limit.
     *
     * @return the exchange stored before if this clientMessageId was seen already, else empty (stored now)
     */
    default Optional<Exchange> recordUserMessage(ChatMessage userMessage, String titleIfDefault) {
        return recordUserMessage(userMessage, titleIfDefault, List.of(), null).earlier();
    }

    Optional<Exchange> findExchange(String sessionId, String clientMessageId);

    /**
     * Stores the assistant reply, links it to the exchange of {@code clientMessageId} (noting which attempt stored
     * it) and marks the session's activity as of {@code now}, in one write — with, when {@code finishing} is given,
     * that attempt's running-reply record marked finished (see {@link RunningReplies#finish}) in the same write.
     *
     * @param finishing the running reply to mark finished with it, or null
     * @return whether {@code finishing} was marked (false when it is null, or a later attempt owns the record)
     * @throws SessionNotFoundException if the session was deleted meanwhile (nothing is stored)
     */
    boolean recordReply(
            ChatMessage reply, String clientMessageId, String attempt, Instant now, RunningReplies.Finishing finishing);

    default void recordReply(ChatMessage reply, String clientMessageId, String attempt, Instant now) {
        recordReply(reply, clientMessageId, attempt, now, null);
    }

    /** Newest first. @throws InvalidInputException on a cursor this store did not issue for this session */
    Page<ChatMessage> listMessages(String sessionId, int limit, String cursor);

    /**
     * What an asynchronous reply job reads before it asks the model, in one consistent read: the exchange of
     * {@code clientMessageId} (the question {@code questionId} and, if stored, the reply {@code replyId}) and the
     * connection {@code connectionId} the frames go to.
     */
    JobLookup findForReply(
            String sessionId, String clientMessageId, String questionId, String replyId, String connectionId);

    /**
     * The outcome of {@link #recordUserMessage(ChatMessage, String, List, RunningReplies.RunningReply)}: stored (both empty), refused by the
     * first of its limits already reached, or the exchange stored earlier under the same clientMessageId (a client
     * retry that raced this one; nothing counted).
     */
    record Recorded(Optional<RateLimiter.Limit> limitReached, Optional<Exchange> earlier) {
        public static final Recorded STORED = new Recorded(Optional.empty(), Optional.empty());
    }

    /** The exchange a job streams the reply of (empty once its session is gone), and its connection if still open. */
    record JobLookup(Optional<Exchange> exchange, Optional<Connection> connection) {}

    /**
     * A session (empty if it does not exist), the exchange looked up in it if there was one, the counter read with
     * them, the connection when it was read too (empty if it is gone or was not asked for), the chat's class limits
     * when a class was asked for, and whether the caller's account is suspended.
     */
    record MessageLookup(
            Optional<ChatSession> session,
            Optional<Exchange> exchange,
            long counted,
            Optional<Connection> connection,
            Optional<ClassBudget> classBudget,
            boolean suspended) {
        public MessageLookup(Optional<ChatSession> session, Optional<Exchange> exchange, long counted) {
            this(session, exchange, counted, Optional.empty(), Optional.empty(), false);
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
