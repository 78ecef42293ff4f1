package org.ibal.functions.domain.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.Connection;

/**
 * What this instance last read of a connection: who holds it (which never changes for a connection id) and the
 * session it was in. A hint lets {@code sendMessage} read the connection in the same BatchGetItem as the session,
 * the exchange and the rate counter — keys it could otherwise only name after reading the connection — saving a
 * round trip before the first token. Only a hint: the batch reads the connection itself, consistently, and a
 * connection that moved to another session meanwhile (a {@code hello} on another instance) is read again. An
 * instance that never saw the connection (a fresh Lambda container) reads it first, as without hints. Bounded:
 * the least recently used hints go first.
 */
public final class ConnectionHints {
    static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Connection> hints;

    public ConnectionHints() {
        this(DEFAULT_CAPACITY);
    }

    public ConnectionHints(int capacity) {
        this.hints = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Connection> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<Connection> get(String connectionId) {
        return Optional.ofNullable(hints.get(connectionId));
    }

    public synchronized void remember(Connection connection) {
        hints.put(connection.connectionId(), connection);
    }

    public synchronized void forget(String connectionId) {
        hints.remove(connectionId);
    }
}
