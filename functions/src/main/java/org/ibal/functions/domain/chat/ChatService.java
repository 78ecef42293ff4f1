package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.DisplayText;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.RateWindows;
import org.ibal.functions.domain.error.AccountSuspendedException;
import org.ibal.functions.domain.error.BudgetExhaustedException;
import org.ibal.functions.domain.error.MessageTooLargeException;
import org.ibal.functions.domain.error.QuotaExceededException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.RateLimiter.Limit;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.SessionStore.Exchange;
import org.ibal.functions.domain.port.SessionStore.MessageLookup;
import org.ibal.functions.domain.port.SessionStore.Recorded;
import org.ibal.functions.domain.usage.ClassBudget;

/**
 * The message routes: hello, sendMessage, stop, ping. Frames go out through {@link FrameSender}; failures are
 * thrown as domain exceptions for the handler to turn into {@code error} frames. The model's reply is not streamed
 * here: {@code sendMessage} answers the {@link PendingReply} to run, which the handler runs at once or hands to an
 * asynchronous invocation ({@link ReplyStreamer} does the streaming either way).
 *
 * <p>Limits: the per-minute message rate is a sliding window whose previous-window count is read in the same
 * BatchGetItem as the session and the exchange; new questions also count against the daily quota, in the same
 * conditional transaction that stores the question (a message that opens a session counts against the daily session
 * limit too, before the session is created). A replayed clientMessageId counts against the rate alone.
 */
public final class ChatService {
    private static final int TITLE_CHARS = 60;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final String RATE_KEY = "msg#";
    private static final String CLASS_QUOTA = "classquota#";

    private final SessionStore sessions;
    private final ConnectionStore connections;
    private final RateLimiter rateLimiter;
    private final RunningReplies running;
    private final ChatLimits limits;
    private final Clock clock;
    private final ConnectionHints hints;
    private final ChatClasses classes;

    /** @param classes the class a {@code hello} chats in; its limits apply to every message after it */
    public ChatService(
            SessionStore sessions,
            ConnectionStore connections,
            RateLimiter rateLimiter,
            RunningReplies running,
            ChatLimits limits,
            Clock clock,
            ChatClasses classes) {
        this(sessions, connections, rateLimiter, running, limits, clock, classes, new ConnectionHints());
    }

    public ChatService(
            SessionStore sessions,
            ConnectionStore connections,
            RateLimiter rateLimiter,
            RunningReplies running,
            ChatLimits limits,
            Clock clock,
            ChatClasses classes,
            ConnectionHints hints) {
        this.classes = classes;
        this.hints = hints;
        this.sessions = sessions;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.running = running;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Resumes the caller's session {@code sessionId}; without one, the caller's newest session if no message was
     * stored in it yet, else a new one (within {@code SESSIONS_PER_DAY}). Answers {@code user_info}.
     *
     * @throws RateLimitedException when a new session would pass the daily session limit
     */
    public void hello(Connection connection, ClientAction.Hello hello, FrameSender out) {
        if (classes.suspended(connection.principal().userId())) {
            throw new AccountSuspendedException();
        }
        String classId =
                classes.classFor(connection.principal(), hello.classId()).orElse(null);
        ChatSession session = hello.sessionId() != null
                ? ownedSession(connection, hello.sessionId())
                : unusedNewest(connection.principal().userId()).orElseGet(() -> openSession(connection, true));
        connections.attachSession(connection.connectionId(), session.id(), classId);
        hints.remember(connection.inSession(session.id(), classId));
        var principal = connection.principal();
        out.send(
                new ServerFrame.UserInfo(principal.username(), principal.displayName(), session.id(), clock.instant()));
    }

    /**
     * Stores the message once per clientMessageId and acks it; answers the reply still to be streamed. A repeated
     * clientMessageId gets the same ack and the stored reply again, without a second model call (empty answer), or,
     * when no reply is stored yet, the reply to run again (see {@link ReplyStreamer#stream} for how attempts at one
     * reply meet).
     */
    /**
     * @param streamsHere whether the reply streams in this invocation (its running record is then written with the
     *                    question: one round trip fewer before the model), or in a job of its own
     */
    public Optional<PendingReply> sendMessage(
            String connectionId, ClientAction.SendMessage send, boolean streamsHere, FrameSender out) {
        if (send.content().length() > limits.messageMaxChars()) {
            throw new MessageTooLargeException(limits.messageMaxChars());
        }
        Instant now = clock.instant();
        Optional<Connection> hint = hints.get(connectionId);
        Connection connection;
        MessageLookup lookup;
        if (hint.isPresent()) {
            // The connection in the same read as the rest (one round trip), its keys named from the hint.
            String guessed =
                    send.sessionId() != null ? send.sessionId() : hint.get().sessionId();
            lookup = sessions.findForMessage(
                    connectionId,
                    guessed,
                    send.clientMessageId(),
                    previousMinute(hint.get().principal().userId(), now),
                    classKey(hint.get(), now));
            connection = lookup.connection().orElseThrow(() -> {
                hints.forget(connectionId);
                return noStoredConnection(connectionId);
            });
            if (!connection.principal().userId().equals(hint.get().principal().userId())
                    || !Objects.equals(hint.get().classId(), connection.classId())
                    || (send.sessionId() == null && !Objects.equals(guessed, connection.sessionId()))) {
                // Moved to another session or class since (a hello elsewhere): read that one.
                lookup = lookup(connection, send, now);
            }
        } else {
            connection = connections.find(connectionId).orElseThrow(() -> noStoredConnection(connectionId));
            lookup = lookup(connection, send, now);
        }
        hints.remember(connection);
        return sendMessage(connection, lookup, send, now, streamsHere, out);
    }

    private static IllegalStateException noStoredConnection(String connectionId) {
        return new IllegalStateException("no stored connection " + connectionId + "; the client must reconnect");
    }

    private static RateLimiter.Counter previousMinute(String userId, Instant now) {
        return new RateLimiter.Counter(RATE_KEY + userId, RateWindows.previousStart(now, MINUTE));
    }

    private MessageLookup lookup(Connection connection, ClientAction.SendMessage send, Instant now) {
        RateLimiter.Counter previousMinute =
                previousMinute(connection.principal().userId(), now);
        String sessionId = send.sessionId() != null ? send.sessionId() : connection.sessionId();
        if (sessionId == null) {
            return new MessageLookup(
                    Optional.empty(),
                    Optional.empty(),
                    rateLimiter.count(previousMinute),
                    Optional.empty(),
                    Optional.empty(),
                    classes.suspended(connection.principal().userId()));
        }
        return sessions.findForMessage(
                null, sessionId, send.clientMessageId(), previousMinute, classKey(connection, now));
    }

    /** The caller (whose account state is read) and the class their chat counts against, this month. */
    private static ClassBudget.Key classKey(Connection connection, Instant now) {
        return new ClassBudget.Key(
                connection.classId(), connection.principal().userId(), YearMonth.from(now.atZone(ZoneOffset.UTC)));
    }

    private Optional<PendingReply> sendMessage(
            Connection connection,
            MessageLookup lookup,
            ClientAction.SendMessage send,
            Instant now,
            boolean streamsHere,
            FrameSender out) {
        String userId = connection.principal().userId();
        String rateKey = RATE_KEY + userId;
        String requestedId = send.sessionId();
        if (lookup.suspended()) {
            // An access token issued before the suspension still connects for its last minutes: it asks nothing.
            throw new AccountSuspendedException();
        }
        Optional<ChatSession> existing = lookup.session().filter(s -> s.ownedBy(userId));
        if (existing.isEmpty() && requestedId != null) {
            throw new SessionNotFoundException();
        }
        Limit rate = new Limit(
                rateKey, limits.messagesPerMinute(), MINUTE, RateWindows.carriedOver(lookup.counted(), MINUTE, now));
        if (existing.isPresent() && lookup.exchange().isPresent()) {
            enforce(List.of(rate), now);
            return replay(connection, existing.get(), lookup.exchange().get(), out);
        }
        Optional<ClassBudget> budget = lookup.classBudget().filter(ClassBudget::exists);
        budget.ifPresent(ChatService::refuseOverBudget);
        int dailyQuota = budget.map(ClassBudget::learnerQuota).orElse(limits.dailyQuota());
        List<Limit> counted = new ArrayList<>(List.of(rate, new Limit("quota#" + userId, dailyQuota, DAY)));
        if (budget.isPresent() && budget.get().dailyMessageQuota() != null) {
            counted.add(
                    new Limit(CLASS_QUOTA + budget.get().classId(), budget.get().dailyMessageQuota(), DAY));
        }
        ChatSession session;
        if (existing.isPresent()) {
            session = existing.get();
        } else {
            // A message that opens a session counts before the session exists: a refused one leaves none behind.
            counted.add(sessionLimit(userId));
            enforce(counted, now);
            counted = List.of();
            session = openSession(connection, false);
        }

        ChatMessage userMessage =
                ChatMessage.user(Ids.message(now), session.id(), send.content(), now, send.clientMessageId());
        String titleIfDefault = ChatSession.DEFAULT_TITLE.equals(session.title()) ? title(send.content()) : null;
        // In an open session the limits count in the question's own write (one round trip, all or nothing), and a
        // reply streamed here is recorded as running in it too.
        PendingReply pending = job(connection, userMessage, streamsHere);
        Recorded recorded = sessions.recordUserMessage(
                userMessage, titleIfDefault, counted, streamsHere ? running(pending, now) : null);
        recorded.limitReached().ifPresent(reached -> {
            throw refusal(reached);
        });
        if (recorded.earlier().isPresent()) {
            // A retry of this clientMessageId stored it first, counting nothing here: a replay counts the rate alone.
            enforce(List.of(rate), now);
            return replay(connection, session, recorded.earlier().get(), out);
        }
        out.send(new ServerFrame.Ack(send.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        return Optional.of(pending);
    }

    /**
     * Flags the caller's running reply {@code messageId} (the reply's id or its question's), or without one the
     * replies of the connection's session and those streaming to this connection. The streaming invocation sees
     * the flag within its poll interval and ends the reply with {@code stopped: true}. Stopping nothing — a
     * finished reply, a wrong id, someone else's reply — is no error and sends nothing.
     */
    public void stop(Connection connection, ClientAction.Stop stop, FrameSender out) {
        running.requestStop(
                connection.principal().userId(),
                stop.messageId(),
                connection.sessionId(),
                connection.connectionId(),
                clock.instant());
    }

    public void ping(FrameSender out) {
        out.send(new ServerFrame.Pong(clock.instant()));
    }

    private Optional<PendingReply> replay(
            Connection connection, ChatSession session, Exchange exchange, FrameSender out) {
        ChatMessage userMessage = exchange.userMessage();
        out.send(new ServerFrame.Ack(userMessage.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        if (exchange.reply() != null) {
            out.send(new ServerFrame.Message(exchange.reply(), clock.instant()));
            return Optional.empty();
        }
        // The first attempt stored the question but got no reply (the model failed): this retry asks again.
        return Optional.of(job(connection, userMessage, false));
    }

    /**
     * The reply's id comes from its question, so every attempt at it stores one reply; each ask is a new attempt,
     * which takes the reply over from any earlier one still running (see {@link ReplyStreamer#stream}).
     */
    private PendingReply job(Connection connection, ChatMessage userMessage, boolean running) {
        ReplyJob job = new ReplyJob(
                connection.principal().userId(),
                userMessage.sessionId(),
                userMessage.clientMessageId(),
                Ids.reply(userMessage.id()),
                connection.connectionId(),
                Ids.attempt());
        return new PendingReply(job, connection, userMessage, running);
    }

    private static RunningReplies.RunningReply running(PendingReply pending, Instant now) {
        ReplyJob job = pending.job();
        return new RunningReplies.RunningReply(
                job.userId(),
                job.replyId(),
                pending.question().id(),
                job.sessionId(),
                job.connectionId(),
                now,
                job.attempt());
    }

    /** Counts under every limit, all or none: a refused message counts against none of them. */
    private void enforce(List<Limit> counted, Instant now) {
        Optional<Limit> reached = rateLimiter.tryAcquireAll(counted, now);
        if (reached.isPresent()) {
            throw refusal(reached.get());
        }
    }

    private RuntimeException refusal(Limit reached) {
        String key = reached.key();
        if (key.startsWith("msg#")) {
            return new RateLimitedException(
                    "more than " + limits.messagesPerMinute() + " messages a minute; wait a moment and resend");
        }
        if (key.startsWith("sessions#")) {
            return newSessionsExhausted();
        }
        if (key.startsWith(CLASS_QUOTA)) {
            return new BudgetExhaustedException("your class asked its " + reached.limit()
                    + " questions for today; ask your teacher, or wait until 00:00 UTC");
        }
        return new QuotaExceededException(reached.limit());
    }

    /** A class over its monthly budget, or archived, takes no new question (a replay still gets its answer). */
    private static void refuseOverBudget(ClassBudget budget) {
        if (budget.archived()) {
            throw new BudgetExhaustedException("this class is archived; ask your teacher");
        }
        if (budget.budgetReached()) {
            throw new BudgetExhaustedException("your class has used its budget for this month; ask your teacher");
        }
    }

    private Limit sessionLimit(String userId) {
        return new Limit("sessions#" + userId, limits.sessionsPerDay(), DAY);
    }

    private RateLimitedException newSessionsExhausted() {
        return new RateLimitedException("more than " + limits.sessionsPerDay()
                + " new chats today; continue an earlier one, or wait until 00:00 UTC");
    }

    /** The caller's most recently active session, if no message was stored in it yet. */
    private Optional<ChatSession> unusedNewest(String userId) {
        return sessions.listSessions(userId, 1, null).items().stream()
                .findFirst()
                .filter(s -> !s.hasMessages());
    }

    private ChatSession ownedSession(Connection connection, String sessionId) {
        return sessions.find(sessionId)
                .filter(s -> s.ownedBy(connection.principal().userId()))
                .orElseThrow(SessionNotFoundException::new);
    }

    /**
     * @param count whether to count it against the daily session limit here (sendMessage counted it already, in the
     *              same transaction as the message's own limits)
     */
    private ChatSession openSession(Connection connection, boolean count) {
        Instant now = clock.instant();
        String userId = connection.principal().userId();
        if (count
                && rateLimiter.tryAcquireAll(List.of(sessionLimit(userId)), now).isPresent()) {
            throw newSessionsExhausted();
        }
        ChatSession session = new ChatSession(Ids.session(), userId, ChatSession.DEFAULT_TITLE, now, now);
        sessions.create(session);
        if (!count) {
            // sendMessage: the connection continues in the session its message opened (hello attaches its own).
            connections.attachSession(connection.connectionId(), session.id());
            hints.remember(connection.withSession(session.id()));
        }
        return session;
    }

    /**
     * The first line of the first message, without characters that could disguise it (controls, bidi overrides),
     * cut on a character boundary; null (the default title stays) when nothing is left.
     */
    private static String title(String content) {
        String oneLine = DisplayText.cleaned(content.replaceAll("\\s+", " ")).strip();
        return oneLine.isEmpty() ? null : DisplayText.shortened(oneLine, TITLE_CHARS);
    }
}
