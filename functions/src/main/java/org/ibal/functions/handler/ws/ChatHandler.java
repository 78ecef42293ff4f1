package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.chat.ChatService;
import org.ibal.functions.domain.chat.ClientAction;
import org.ibal.functions.domain.chat.FrameSender;
import org.ibal.functions.domain.chat.ServerFrame;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.Pusher;
import org.ibal.functions.handler.ErrorMapping;
import org.ibal.functions.handler.Logs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every message route (hello, sendMessage, stop, ping, $default). Answers go out as pushed frames; the route
 * always returns 200 so the connection stays open after an error.
 */
public final class ChatHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    private final ChatService chat;
    private final ConnectionStore connections;
    private final Pusher pusher;
    private final String managementApiScheme;
    private final Clock clock;

    public ChatHandler(ChatService chat, ConnectionStore connections, Pusher pusher, String managementApiScheme,
                       Clock clock) {
        this.chat = chat;
        this.connections = connections;
        this.pusher = pusher;
        this.managementApiScheme = managementApiScheme;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        String connectionId = WebSocketEvents.connectionId(event);
        try (Logs.Scope ignored = Logs.scope(WebSocketEvents.requestId(event), connectionId)) {
            Optional<Connection> stored = connections.find(connectionId);
            // The event names the instance holding the connection, even if the stored record is gone.
            String endpoint = stored.map(Connection::endpoint)
                    .orElseGet(() -> WebSocketEvents.endpoint(event, managementApiScheme));
            FrameSender out = sender(endpoint, connectionId);
            String body = event.getBody();
            try {
                ClientAction action = InboundFrames.parse(body);
                Connection connection = stored.orElseThrow(() ->
                        new IllegalStateException("no stored connection " + connectionId + "; the client must reconnect"));
                Logs.session(connection.sessionId());
                switch (action) {
                    case ClientAction.Hello hello -> chat.hello(connection, hello, out);
                    case ClientAction.SendMessage send -> chat.sendMessage(connection, send, out);
                    case ClientAction.Stop stop -> chat.stop(connection, stop, out);
                    case ClientAction.Ping ping -> chat.ping(out);
                }
            } catch (RuntimeException failure) {
                reportError(failure, InboundFrames.replyTo(body), out);
            }
            return WebSocketEvents.status(200);
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
        boolean[] gone = {false};
        return frame -> {
            if (!gone[0] && pusher.push(endpoint, connectionId, frame) == Pusher.Delivery.GONE) {
                gone[0] = true;
                LOG.info("connection gone; dropping the rest of the reply");
            }
        };
    }
}
