package org.ibal.functions.adapter.model.sse;

import java.util.Optional;

/**
 * Turns the lines of a {@code text/event-stream} into events, following the WHATWG rules both our providers
 * rely on: a blank line dispatches, a line starting with a colon is a comment (Flowise's {@code :heartbeat}),
 * {@code field:value} drops one space after the colon, and a line with no colon is a field with an empty value.
 * That last rule is why Flowise's {@code message\ndata:{...}} (no colon after {@code message} on its end, error
 * and abort events) parses exactly like its {@code message:\ndata:{...}}: "message" is an unknown field, ignored.
 * Not thread-safe: one parser per stream.
 */
public final class SseParser {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;

    /** Feeds one line (without its line break); returns the event this line completes, if any. */
    public Optional<SseEvent> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            default -> {
                // id, retry and unknown fields (Flowise's "message") carry nothing we use.
            }
        }
        return Optional.empty();
    }

    private Optional<SseEvent> dispatch() {
        // Per the spec an event without data is not dispatched; only its type is reset.
        Optional<SseEvent> event = hasData
                ? Optional.of(
                        new SseEvent(type == null || type.isEmpty() ? SseEvent.DEFAULT_TYPE : type, data.toString()))
                : Optional.empty();
        data.setLength(0);
        hasData = false;
        type = null;
        return event;
    }
}
