package org.ibal.functions.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ibal.functions.domain.chat.ServerFrame;
import org.ibal.functions.domain.port.Pusher;
import org.ibal.functions.handler.Json;
import org.ibal.functions.handler.ws.FrameJson;
import tools.jackson.databind.JsonNode;

/** Records the frames pushed to each connection, encoded exactly as the real pusher sends them. */
public final class RecordingPusher implements Pusher {
    public record Pushed(String endpoint, String connectionId, JsonNode frame) {}

    private final List<Pushed> pushed = Collections.synchronizedList(new ArrayList<>());
    private final java.util.Map<String, Integer> deliverBeforeGone = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Delivery push(String endpoint, String connectionId, ServerFrame frame) {
        int attempt = attempts.merge(connectionId, 1, Integer::sum);
        if (attempt > deliverBeforeGone.getOrDefault(connectionId, Integer.MAX_VALUE)) {
            return Delivery.GONE;
        }
        pushed.add(new Pushed(endpoint, connectionId, Json.MAPPER.readTree(FrameJson.encode(frame))));
        return Delivery.DELIVERED;
    }

    /** Connections closed through {@link #disconnect}, in order. */
    public final List<String> disconnected = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void disconnect(String endpoint, String connectionId) {
        disconnected.add(connectionId);
    }

    /** After {@code frames} deliveries the connection answers GONE, like a client that walked away. */
    public void goneAfter(String connectionId, int frames) {
        deliverBeforeGone.put(connectionId, frames);
    }

    /** Push attempts to the connection, delivered or not. */
    public int attempts(String connectionId) {
        return attempts.getOrDefault(connectionId, 0);
    }

    /** Frames sent to one connection since the last call for it, oldest first; clears them. */
    public List<JsonNode> drain(String connectionId) {
        synchronized (pushed) {
            List<JsonNode> frames = pushed.stream()
                    .filter(p -> p.connectionId().equals(connectionId))
                    .map(Pushed::frame)
                    .toList();
            pushed.removeIf(p -> p.connectionId().equals(connectionId));
            return frames;
        }
    }

    public List<Pushed> all() {
        synchronized (pushed) {
            return List.copyOf(pushed);
        }
    }
}
