package org.ibal.functions.domain.port;

import org.ibal.functions.domain.chat.ServerFrame;

/** Sends a frame to a WebSocket connection. */
public interface Pusher {
    /**
     * @param endpoint the Management API endpoint the deployment configured ({@code MANAGEMENT_API_ENDPOINT})
     * @return {@link Delivery#GONE} if the connection is gone (it is then forgotten); other failures throw
     */
    Delivery push(String endpoint, String connectionId, ServerFrame frame);

    /**
     * Closes the connection (the Management API's DeleteConnection): the client sees the socket close and
     * {@code $disconnect} runs. A connection gone already is no error.
     */
    void disconnect(String endpoint, String connectionId);

    enum Delivery {
        DELIVERED,
        GONE
    }
}
