package org.ibal.functions.domain.port;

import org.ibal.functions.domain.chat.ServerFrame;

/** Sends a frame to a WebSocket connection. */
public interface Pusher {
    /**
     * @param endpoint the Management API endpoint the deployment configured ({@code MANAGEMENT_API_ENDPOINT})
     * @return {@link Delivery#GONE} if the connection is gone (it is then forgotten); other failures throw
     */
    Delivery push(String endpoint, String connectionId, ServerFrame frame);

    enum Delivery { DELIVERED, GONE }
}
