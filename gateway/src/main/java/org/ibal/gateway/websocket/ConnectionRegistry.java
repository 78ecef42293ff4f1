package org.ibal.gateway.websocket;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The connections this instance holds, by id. */
public final class ConnectionRegistry {
    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();

    void add(Connection connection) {
        connections.put(connection.id(), connection);
    }

    void remove(Connection connection) {
        connections.remove(connection.id(), connection);
    }

    /** The open connection with this id, or null. */
    public Connection find(String id) {
        Connection connection = connections.get(id);
        return connection != null && connection.isOpen() ? connection : null;
    }

    public int size() {
        return connections.size();
    }

    public Collection<Connection> all() {
        return List.copyOf(connections.values());
    }
}
