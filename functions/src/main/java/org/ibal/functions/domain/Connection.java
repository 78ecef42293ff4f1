package org.ibal.functions.domain;

import java.time.Instant;

/**
 * An open WebSocket connection. Frames reach it through the configured Management API endpoint
 * ({@code MANAGEMENT_API_ENDPOINT}), never through one a client's event named.
 *
 * @param sessionId the session opened by the connection's last {@code hello}, or null
 */
public record Connection(String connectionId, Principal principal, Instant connectedAt, String sessionId) {
    public Connection withSession(String newSessionId) {
        return new Connection(connectionId, principal, connectedAt, newSessionId);
    }
}
