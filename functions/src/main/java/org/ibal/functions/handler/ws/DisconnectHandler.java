package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.function.Function;
import org.ibal.functions.domain.auth.ConnectService;
import org.ibal.functions.handler.Logs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code $disconnect}: forgets the connection. Best effort — API Gateway does not retry it, and the TTL cleans up. */
public final class DisconnectHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectHandler.class);

    private final ConnectService connect;

    public DisconnectHandler(ConnectService connect) {
        this.connect = connect;
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        String connectionId = WebSocketEvents.connectionId(event);
        try (Logs.Scope ignored = Logs.scope(WebSocketEvents.requestId(event), connectionId)) {
            try {
                connect.disconnect(connectionId);
                LOG.info("disconnected");
            } catch (RuntimeException e) {
                LOG.warn("could not forget the connection; its TTL will", e);
            }
            return WebSocketEvents.status(200);
        }
    }
}
