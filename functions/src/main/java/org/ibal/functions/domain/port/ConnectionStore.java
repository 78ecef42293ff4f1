package org.ibal.functions.domain.port;

import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.Connection;

/** Open WebSocket connections. Implementations expire entries on their own (TTL) as a safety net. */
public interface ConnectionStore {
    void save(Connection connection);

    Optional<Connection> find(String connectionId);

    /** Records the session the connection's last {@code hello} opened. */
    void attachSession(String connectionId, String sessionId);

    /** Records the session and the class (null: none) the connection's last {@code hello} chose. */
    void attachSession(String connectionId, String sessionId, String classId);

    /** The ids of the user's open connections (gsi1, {@code USERCONN#<userId>}): to close them on suspension. */
    List<String> connectionsOf(String userId);

    /** Idempotent: deleting a missing connection is no error. */
    void delete(String connectionId);
}
