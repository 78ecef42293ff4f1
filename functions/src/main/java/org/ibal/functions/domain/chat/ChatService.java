package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.SessionStore.Exchange;

/**
 * The message routes: hello, sendMessage, stop, ping. Frames go out through {@link FrameSender}; failures are
 * thrown as domain exceptions for the handler to turn into {@code error} frames. The model's reply is not streamed
 * here: {@code sendMessage} answers the {@link ReplyJob} to run, which the handler runs at once or hands to an
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
    public Optional<ReplyJob> sendMessage(Connection connection, ClientAction.SendMessage send, FrameSender out) {
        if (send.content().length() > limits.messageMaxChars()) {
            throw new MessageTooLargeException(limits.messageMaxChars());
        }
        Optional<ChatSession> existing = existingSession(connection, send.sessionId());
        if (existing.isPresent()) {
            Optional<Exchange> seen = sessions.findExchange(existing.get().id(), send.clientMessageId());
            if (seen.isPresent()) {
                return replay(connection, existing.get(), seen.get(), out);
            }
        }
        enforceLimits(connection.principal().userId());
        ChatSession session = existing.orElseGet(() -> openSession(connection));

        Instant now = clock.instant();
        ChatMessage userMessage = ChatMessage.user(Ids.message(now), session.id(), send.content(), now,
                send.clientMessageId());
        Optional<Exchange> raced = sessions.recordUserMessage(userMessage);
        if (raced.isPresent()) {
            return replay(connection, session, raced.get(), out);
        }
        out.send(new ServerFrame.Ack(send.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        sessions.touch(session.id(), now, title(send.content()));
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

    private Optional<ReplyJob> replay(Connection connection, ChatSession session, Exchange exchange, FrameSender out) {
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
    private ReplyJob job(Connection connection, ChatMessage userMessage) {
        Instant now = clock.instant();
        Instant replyAt = now.isAfter(userMessage.createdAt()) ? now : userMessage.createdAt().plusMillis(1);
        return new ReplyJob(connection.principal().userId(), userMessage.sessionId(), userMessage.clientMessageId(),
                Ids.message(replyAt), connection.connectionId());
    }

    private void enforceLimits(String userId) {
        if (!rateLimiter.tryAcquire("msg#" + userId, limits.messagesPerMinute(), Duration.ofMinutes(1))) {
            throw new RateLimitedException("more than " + limits.messagesPerMinute()
                    + " messages a minute; wait a moment and resend");
        }
        if (!rateLimiter.tryAcquire("quota#" + userId, limits.dailyQuota(), Duration.ofDays(1))) {
            throw new QuotaExceededException(limits.dailyQuota());
        }
    }

    private Optional<ChatSession> existingSession(Connection connection, String requestedId) {
        if (requestedId != null) {
            return Optional.of(ownedSession(connection, requestedId));
        }
        if (connection.sessionId() == null) {
            return Optional.empty();
        }
        return sessions.find(connection.sessionId()).filter(s -> s.ownedBy(connection.principal().userId()));
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
