package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.chat.ChatService;
import org.ibal.functions.domain.chat.ClientAction;
import org.ibal.functions.domain.chat.FrameSender;
import org.ibal.functions.domain.chat.ReplyJob;
import org.ibal.functions.domain.chat.ServerFrame;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.Pusher;
import org.ibal.functions.handler.ErrorMapping;
import org.ibal.functions.handler.Logs;
import org.ibal.functions.handler.Outages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every message route (hello, sendMessage, stop, ping, $default), and the reply jobs the function hands itself
 * (see {@link ReplyHandOff}, {@link ReplyJobEvents}). Answers go out as pushed frames; the route always returns 200
 * so the connection stays open after an error. Every failure after the frame is read — the store being unreachable
 * while the connection is looked up included — answers an {@code error} frame naming the message it concerns.
 */
public final class ChatHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    private final ChatService chat;
    private final ReplyHandOff replies;
    private final ConnectionStore connections;
    private final Pusher pusher;
    private final PushEndpoint pushEndpoint;
    private final Clock clock;

    public ChatHandler(
            ChatService chat,
            ReplyHandOff replies,
            ConnectionStore connections,
            Pusher pusher,
            PushEndpoint pushEndpoint,
            Clock clock) {
        this.chat = chat;
        this.replies = replies;
        this.connections = connections;
        this.pusher = pusher;
        this.pushEndpoint = pushEndpoint;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        return handle(event, null);
    }

    /** @param invokedFunction the ARN Lambda invoked this function as (from its context), or null if unknown */
    public APIGatewayV2WebSocketResponse handle(APIGatewayV2WebSocketEvent event, String invokedFunction) {
        String connectionId = WebSocketEvents.connectionId(event);
        try (Logs.Scope ignored = Logs.scope(WebSocketEvents.requestId(event), connectionId)) {
            FrameSender out = sender(pushEndpoint.forEvent(event), connectionId);
            if (ReplyJobEvents.isJob(event)) {
                runJob(event, out);
                return WebSocketEvents.status(200);
            }
            String body = event.getBody();
            try {
                ClientAction action = InboundFrames.parse(body);
                switch (action) {
                    // sendMessage reads the connection itself, in one read with the session (ChatService#sendMessage).
                    case ClientAction.SendMessage send ->
                        chat.sendMessage(connectionId, send, replies.streamsHere(invokedFunction), out)
                                .ifPresent(reply -> {
                                    Logs.session(reply.question().sessionId());
                                    replies.start(reply, event, invokedFunction, out);
                                });
                    case ClientAction.Hello hello -> chat.hello(connection(connectionId), hello, out);
                    case ClientAction.Stop stop -> chat.stop(connection(connectionId), stop, out);
                    case ClientAction.Ping ping -> {
                        connection(connectionId);
                        chat.ping(out);
                    }
                }
            } catch (RuntimeException failure) {
                reportError(failure, InboundFrames.replyTo(body), out);
            }
            return WebSocketEvents.status(200);
        }
    }

    private Connection connection(String connectionId) {
        Connection connection = connections
                .find(connectionId)
                .orElseThrow(() -> new IllegalStateException(
                        "no stored connection " + connectionId + "; the client must reconnect"));
        Logs.session(connection.sessionId());
        return connection;
    }

    /**
     * An asynchronous invocation: nobody waits for its answer, so failures become {@code error} frames and the
     * invocation succeeds (a Lambda retry would only find the reply started already).
     */
    private void runJob(APIGatewayV2WebSocketEvent event, FrameSender out) {
        ReplyJob job;
        try {
            job = ReplyJobEvents.decode(event);
        } catch (RuntimeException unreadable) {
            // Only this function writes jobs; one it cannot read came from another version of it.
            LOG.error("unreadable reply job", unreadable);
            return;
        }
        Logs.session(job.sessionId());
        try {
            replies.run(job, out);
        } catch (RuntimeException failure) {
            reportError(failure, job.clientMessageId(), out);
        }
    }

    private void reportError(RuntimeException failure, String replyTo, FrameSender out) {
        ErrorMapping.WsError error = ErrorMapping.ws(failure);
        if (Outages.is(failure)) {
            LOG.warn("unavailable: {}", failure.toString());
        } else if (ErrorMapping.unexpected(failure)) {
            LOG.error("message route failed", failure);
        } else if (failure.getCause() != null) {
            LOG.warn("rejected: {} ({})", error.code(), failure.getMessage(), failure.getCause());
        } else {
            LOG.info("rejected: {} ({})", error.code(), failure.getMessage());
        }
        try {
            out.send(new ServerFrame.Error(error.code(), error.message(), error.retryable(), replyTo, clock.instant()));
        } catch (RuntimeException pushFailed) {
            LOG.warn("could not push the error frame: {}", pushFailed.toString());
        }
    }

    /** Pushes to this connection; once it is gone, later frames of this request are dropped. */
    private FrameSender sender(String endpoint, String connectionId) {
        // Chunks may come from the coalescing timer's thread as well as the model's.
        AtomicBoolean gone = new AtomicBoolean();
        return frame -> {
            if (!gone.get() && pusher.push(endpoint, connectionId, frame) == Pusher.Delivery.GONE) {
                gone.set(true);
                LOG.info("connection gone; dropping the rest of the reply");
            }
        };
    }
}
