package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Ids;
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
import org.ibal.functions.domain.port.SessionStore.Lookup;

/**
 * The message routes: hello, sendMessage, stop, ping. Frames go out through {@link FrameSender}; failures are
 * thrown as domain exceptions for the handler to turn into {@code error} frames. The model's reply is not streamed
 * here: {@code sendMessage} answers the {@link PendingReply} to run, which the handler runs at once or hands to an
 * asynchronous invocation ({@link ReplyStreamer} does the streaming either way).
 */
public final class ChatService {
    private static final int TITLE_CHARS = 60;

    private final SessionStore sessions;
    private final ConnectionStore connections;
    private final RateLimiter rateLimiter;
    private final RunningReplies running;
    private final ChatLimits limits;
    private final Clock clock;

    public ChatService(SessionStore sessions, ConnectionStore connections, RateLimiter rateLimiter,
                       RunningReplies running, ChatLimits limits, Clock clock) {
        this.sessions = sessions;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.running = running;
        this.limits = limits;
        this.clock = clock;
    }

    /** Resumes the caller's session {@code sessionId}, or opens a new one; answers {@code user_info}. */
    public void hello(Connection connection, ClientAction.Hello hello, FrameSender out) {
        ChatSession session = hello.sessionId() == null
                ? openSession(connection)
                : ownedSession(connection, hello.sessionId());
        connections.attachSession(connection.connectionId(), session.id());
        var principal = connection.principal();
        out.send(new ServerFrame.UserInfo(principal.username(), principal.displayName(), session.id(), clock.instant()));
    }

    /**
     * Stores the message once per clientMessageId and acks it; answers the reply still to be streamed. A repeated
     * clientMessageId gets the same ack and the stored reply again, without a second model call (empty answer).
     */
    public Optional<PendingReply> sendMessage(Connection connection, ClientAction.SendMessage send, FrameSender out) {
        if (send.content().length() > limits.messageMaxChars()) {
            throw new MessageTooLargeException(limits.messageMaxChars());
        }
        Optional<Lookup> existing = existingSession(connection, send.sessionId(), send.clientMessageId());
        if (existing.isPresent() && existing.get().exchange().isPresent()) {
            return replay(connection, existing.get().session(), existing.get().exchange().get(), out);
        }
        enforceLimits(connection.principal().userId());
        ChatSession session = existing.map(Lookup::session).orElseGet(() -> openSession(connection));

        Instant now = clock.instant();
        ChatMessage userMessage = ChatMessage.user(Ids.message(now), session.id(), send.content(), now,
                send.clientMessageId());
        String titleIfDefault = ChatSession.DEFAULT_TITLE.equals(session.title()) ? title(send.content()) : null;
        Optional<Exchange> raced = sessions.recordUserMessage(userMessage, titleIfDefault);
        if (raced.isPresent()) {
            return replay(connection, session, raced.get(), out);
        }
        out.send(new ServerFrame.Ack(send.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        return Optional.of(job(connection, userMessage));
    }

    /**
     * Flags the caller's running reply {@code messageId} (the reply's id or its question's), or without one the
     * replies of the connection's session and those streaming to this connection. The streaming invocation sees
     * the flag within its poll interval and ends the reply with {@code stopped: true}. Stopping nothing — a
     * finished reply, a wrong id, someone else's reply — is no error and sends nothing.
     */
    public void stop(Connection connection, ClientAction.Stop stop, FrameSender out) {
        running.requestStop(connection.principal().userId(), stop.messageId(), connection.sessionId(),
                connection.connectionId(), clock.instant());
    }

    public void ping(FrameSender out) {
        out.send(new ServerFrame.Pong(clock.instant()));
    }

    private Optional<PendingReply> replay(Connection connection, ChatSession session, Exchange exchange, FrameSender out) {
        ChatMessage userMessage = exchange.userMessage();
        out.send(new ServerFrame.Ack(userMessage.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        if (exchange.reply() != null) {
            out.send(new ServerFrame.Message(exchange.reply(), clock.instant()));
            return Optional.empty();
        }
        // The first attempt stored the question but got no reply (the model failed): this retry asks again.
        return Optional.of(job(connection, userMessage));
    }

    /** The reply's id is fixed here, so a repeated hand-off of the same job streams (and stores) it once. */
    private PendingReply job(Connection connection, ChatMessage userMessage) {
        Instant now = clock.instant();
        Instant replyAt = now.isAfter(userMessage.createdAt()) ? now : userMessage.createdAt().plusMillis(1);
        ReplyJob job = new ReplyJob(connection.principal().userId(), userMessage.sessionId(),
                userMessage.clientMessageId(), Ids.message(replyAt), connection.connectionId());
        return new PendingReply(job, connection, userMessage);
    }

    /** The per-minute rate and the daily quota, counted together: a refused message counts against neither. */
    private void enforceLimits(String userId) {
        Limit rate = new Limit("msg#" + userId, limits.messagesPerMinute(), Duration.ofMinutes(1));
        Limit quota = new Limit("quota#" + userId, limits.dailyQuota(), Duration.ofDays(1));
        Optional<Limit> reached = rateLimiter.tryAcquireAll(List.of(rate, quota));
        if (reached.isEmpty()) {
            return;
        }
        if (reached.get() == rate) {
            throw new RateLimitedException("more than " + limits.messagesPerMinute()
                    + " messages a minute; wait a moment and resend");
        }
        throw new QuotaExceededException(limits.dailyQuota());
    }

    /** The session the message goes to (the requested one, else the connection's), read with the exchange. */
    private Optional<Lookup> existingSession(Connection connection, String requestedId, String clientMessageId) {
        String sessionId = requestedId != null ? requestedId : connection.sessionId();
        if (sessionId == null) {
            return Optional.empty();
        }
        Optional<Lookup> lookup = sessions.findWithExchange(sessionId, clientMessageId)
                .filter(l -> l.session().ownedBy(connection.principal().userId()));
        if (lookup.isEmpty() && requestedId != null) {
            throw new SessionNotFoundException();
        }
        return lookup;
    }

    private ChatSession ownedSession(Connection connection, String sessionId) {
        return sessions.find(sessionId)
                .filter(s -> s.ownedBy(connection.principal().userId()))
                .orElseThrow(SessionNotFoundException::new);
    }

    private ChatSession openSession(Connection connection) {
        Instant now = clock.instant();
        ChatSession session = new ChatSession(Ids.session(), connection.principal().userId(),
                ChatSession.DEFAULT_TITLE, now, now);
        sessions.create(session);
        connections.attachSession(connection.connectionId(), session.id());
        return session;
    }

    private static String title(String content) {
        String oneLine = content.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_CHARS ? oneLine : oneLine.substring(0, TITLE_CHARS - 1) + "…";
    }
}
