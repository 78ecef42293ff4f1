package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.error.MessageTooLargeException;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.error.QuotaExceededException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.SessionStore.Exchange;

/**
 * The message routes: hello, sendMessage, stop, ping. Frames go out through {@link FrameSender}; failures are
 * thrown as domain exceptions for the handler to turn into {@code error} frames.
 */
public final class ChatService {
    private static final int TITLE_CHARS = 60;

    private final SessionStore sessions;
    private final ConnectionStore connections;
    private final RateLimiter rateLimiter;
    private final ChatModel model;
    private final ChatLimits limits;
    private final Clock clock;

    public ChatService(SessionStore sessions, ConnectionStore connections, RateLimiter rateLimiter, ChatModel model,
                       ChatLimits limits, Clock clock) {
        this.sessions = sessions;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.model = model;
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
     * Stores the message once per clientMessageId, acks it, streams the model's reply as chunks and stores it.
     * A repeated clientMessageId gets the same ack and the stored reply again, without a second model call.
     */
    public void sendMessage(Connection connection, ClientAction.SendMessage send, FrameSender out) {
        if (send.content().length() > limits.messageMaxChars()) {
            throw new MessageTooLargeException(limits.messageMaxChars());
        }
        Optional<ChatSession> existing = existingSession(connection, send.sessionId());
        if (existing.isPresent()) {
            Optional<Exchange> seen = sessions.findExchange(existing.get().id(), send.clientMessageId());
            if (seen.isPresent()) {
                replay(connection, existing.get(), seen.get(), out);
                return;
            }
        }
        enforceLimits(connection.principal().userId());
        ChatSession session = existing.orElseGet(() -> openSession(connection));

        Instant now = clock.instant();
        ChatMessage userMessage = ChatMessage.user(Ids.message(now), session.id(), send.content(), now,
                send.clientMessageId());
        Optional<Exchange> raced = sessions.recordUserMessage(userMessage);
        if (raced.isPresent()) {
            replay(connection, session, raced.get(), out);
            return;
        }
        out.send(new ServerFrame.Ack(send.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        sessions.touch(session.id(), now, title(send.content()));
        answer(connection, userMessage, out);
    }

    /** No-op seam: stopping a running reply needs a cancellation flag shared across invocations (next issue). */
    public void stop(Connection connection, ClientAction.Stop stop, FrameSender out) {
        // Deliberately nothing yet: ChatModel.Cancellation is where a stored stop flag will plug in.
    }

    public void ping(FrameSender out) {
        out.send(new ServerFrame.Pong(clock.instant()));
    }

    private void replay(Connection connection, ChatSession session, Exchange exchange, FrameSender out) {
        ChatMessage userMessage = exchange.userMessage();
        out.send(new ServerFrame.Ack(userMessage.clientMessageId(), userMessage.id(), session.id(), clock.instant()));
        if (exchange.reply() != null) {
            out.send(new ServerFrame.Message(exchange.reply(), clock.instant()));
        } else {
            // The first attempt stored the question but the model failed: this retry asks again.
            answer(connection, userMessage, out);
        }
    }

    private void answer(Connection connection, ChatMessage userMessage, FrameSender out) {
        Instant started = clock.instant();
        Instant replyAt = started.isAfter(userMessage.createdAt()) ? started : userMessage.createdAt().plusMillis(1);
        String replyId = Ids.message(replyAt);
        int[] seq = {0};
        ModelRequest request = new ModelRequest(userMessage.sessionId(), userMessage.content(),
                history(userMessage), connection.principal().course(), ChatModel.Cancellation.NEVER);
        ModelReply reply;
        try {
            reply = model.stream(request, delta -> out.send(
                    new ServerFrame.Chunk(replyId, userMessage.id(), seq[0]++, delta, clock.instant())));
        } catch (ModelUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelUnavailableException("the model failed: " + e.getClass().getSimpleName(), true, e);
        }
        ChatMessage stored = new ChatMessage(replyId, userMessage.sessionId(), ChatMessage.Role.ASSISTANT,
                reply.text(), replyAt, null, userMessage.id(), reply.stopped(), reply.sources(), reply.followUps());
        sessions.recordReply(stored, userMessage.clientMessageId());
        sessions.touch(userMessage.sessionId(), clock.instant(), null);
        out.send(new ServerFrame.Message(stored, clock.instant()));
    }

    private List<ChatMessage> history(ChatMessage current) {
        if (limits.historyMessages() <= 0) {
            return List.of();
        }
        List<ChatMessage> newestFirst = sessions.listMessages(current.sessionId(), limits.historyMessages() + 1, null)
                .items();
        List<ChatMessage> oldestFirst = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (!newestFirst.get(i).id().equals(current.id())) {
                oldestFirst.add(newestFirst.get(i));
            }
        }
        return oldestFirst;
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
