package org.ibal.gateway.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** Jetty's side of one connection: hands its messages and its close to the {@link WebSocketApi}. */
public final class ConnectionEndpoint implements Session.Listener.AutoDemanding {
    private final Connection connection;
    private final WebSocketApi api;

    ConnectionEndpoint(Connection connection, WebSocketApi api) {
        this.connection = connection;
        this.api = api;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        api.opened(connection, session);
    }

    @Override
    public void onWebSocketText(String message) {
        connection.touch();
        if (api.admit(connection)) {
            api.received(connection, message.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        connection.touch();
        if (!api.admit(connection)) {
            callback.succeed();
            return;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        api.received(connection, bytes, true);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        api.closed(connection, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Jetty closes the session after an error and reports it through onWebSocketClose.
    }
}
