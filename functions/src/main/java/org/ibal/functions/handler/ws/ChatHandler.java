package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.util.Optional;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every message route (hello, sendMessage, stop, ping, $default), and the reply jobs the function hands itself
 * (see {@link ReplyHandOff}, {@link ReplyJobEvents}). Answers go out as pushed frames; the route always returns 200
 * so the connection stays open after an error.
 */
public final class ChatHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    private final ChatService chat;
    private final ReplyHandOff replies;
    private final ConnectionStore connections;
    private final Pusher pusher;
    private final String managementApiScheme;
    private final Clock clock;

    public ChatHandler(ChatService chat, ReplyHandOff replies, ConnectionStore connections, Pusher pusher,
                       String managementApiScheme, Clock clock) {
        this.chat = chat;
        this.replies = replies;
        this.connections = connections;
        this.pusher = pusher;
        this.managementApiScheme = managementApiScheme;
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
            Optional<Connection> stored = connections.find(connectionId);
            // The event names the instance holding the connection, even if the stored record is gone.
            String endpoint = stored.map(Connection::endpoint)
                    .orElseGet(() -> WebSocketEvents.endpoint(event, managementApiScheme));
            FrameSender out = sender(endpoint, connectionId);
            String body = event.getBody();
            if (ReplyJobEvents.isJob(event)) {
                runJob(event, out);
                return WebSocketEvents.status(200);
            }
            try {
                ClientAction action = InboundFrames.parse(body);
                Connection connection = stored.orElseThrow(() ->
                        new IllegalStateException("no stored connection " + connectionId + "; the client must reconnect"));
                Logs.session(connection.sessionId());
                switch (action) {
                    case ClientAction.Hello hello -> chat.hello(connection, hello, out);
                    case ClientAction.SendMessage send -> chat.sendMessage(connection, send, out)
                            .ifPresent(reply -> replies.start(reply, event, invokedFunction, out));
                    case ClientAction.Stop stop -> chat.stop(connection, stop, out);
                    case ClientAction.Ping ping -> chat.ping(out);
                }
            } catch (RuntimeException failure) {
                reportError(failure, InboundFrames.replyTo(body), out);
            }
            return WebSocketEvents.status(200);
        }
    }

    /**
     * An asynchronous invocation: nobody waits for its answer, so failures become {@code error} frames and the
     * invocation succeeds (a Lambda retry would only find the reply started already).
     */
    private void runJob(APIGatewayV2WebSocketEvent event, FrameSender out) {
        ReplyJob job = ReplyJobEvents.decode(event);
        Logs.session(job.sessionId());
        try {
            replies.run(job, out);
        } catch (RuntimeException failure) {
            reportError(failure, job.clientMessageId(), out);
        }
    }

    private void reportError(RuntimeException failure, String replyTo, FrameSender out) {
        ErrorMapping.WsError error = ErrorMapping.ws(failure);
        if (ErrorMapping.unexpected(failure)) {
            LOG.error("message route failed", failure);
        } else if (failure.getCause() != null) {
            LOG.warn("rejected: {} ({})", error.code(), failure.getMessage(), failure.getCause());
        } else {
            LOG.info("rejected: {} ({})", error.code(), failure.getMessage());
        }
        try {
            out.send(new ServerFrame.Error(error.code(), error.message(), error.retryable(), replyTo, clock.instant()));
        } catch (RuntimeException pushFailed) {
            LOG.warn("could not push the error frame", pushFailed);
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
