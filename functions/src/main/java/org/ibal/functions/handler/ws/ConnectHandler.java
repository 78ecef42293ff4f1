package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.function.Function;
import org.ibal.functions.domain.auth.ConnectService;
import org.ibal.functions.domain.error.AccountSuspendedException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.handler.Logs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code $connect}: 200 accepts the handshake, 401 and 429 refuse it. */
public final class ConnectHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final ConnectService connect;

    public ConnectHandler(ConnectService connect) {
        this.connect = connect;
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        String connectionId = WebSocketEvents.connectionId(event);
        try (Logs.Scope ignored = Logs.scope(WebSocketEvents.requestId(event), connectionId)) {
            try {
                var connection = connect.connect(
                        connectionId,
                        WebSocketEvents.query(event, "token"),
                        WebSocketEvents.query(event, "ticket"),
                        WebSocketEvents.sourceIp(event));
                LOG.info(
                        "connected user {} ({})",
                        connection.principal().userId(),
                        connection.principal().provider());
                return WebSocketEvents.status(200);
            } catch (UnauthorizedException e) {
                LOG.info("handshake refused: {}", e.reason());
                return WebSocketEvents.status(401);
            } catch (RateLimitedException e) {
                LOG.info("handshake throttled: {}", e.getMessage());
                return WebSocketEvents.status(429);
            } catch (AccountSuspendedException e) {
                LOG.info("handshake refused: account suspended");
                return WebSocketEvents.status(403);
            }
        }
    }
}
