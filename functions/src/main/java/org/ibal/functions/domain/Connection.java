package org.ibal.functions.domain;

import java.time.Instant;

/**
 * An open WebSocket connection.
 *
 * @param endpoint  the Management API base URL that reaches it: {@code https://{domainName}/{stage}}
 * @param sessionId the session opened by the connection's last {@code hello}, or null
 */
public record Connection(String connectionId, Principal principal, String endpoint, Instant connectedAt, String sessionId) {
    public Connection withSession(String newSessionId) {
        return new Connection(connectionId, principal, endpoint, connectedAt, newSessionId);
    }
}
