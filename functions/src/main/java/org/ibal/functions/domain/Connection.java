package org.ibal.functions.domain;

import java.time.Instant;

/**
 * An open WebSocket connection. Frames reach it through the configured Management API endpoint
 * ({@code MANAGEMENT_API_ENDPOINT}), never through one a client's event named.
 *
 * @param sessionId the session opened by the connection's last {@code hello}, or null
 * @param classId   the class its last {@code hello} chose (usage and limits are that class's), or null
 */
public record Connection(
        String connectionId, Principal principal, Instant connectedAt, String sessionId, String classId) {
    /** A connection chatting in no class (yet): its {@code hello} sets the class. */
    public Connection(String connectionId, Principal principal, Instant connectedAt, String sessionId) {
        this(connectionId, principal, connectedAt, sessionId, null);
    }

    public Connection withSession(String newSessionId) {
        return new Connection(connectionId, principal, connectedAt, newSessionId, classId);
    }

    /** This connection after a {@code hello}: the session it chats in and that chat's class (null: none). */
    public Connection inSession(String newSessionId, String newClassId) {
        return new Connection(connectionId, principal, connectedAt, newSessionId, newClassId);
    }
}
