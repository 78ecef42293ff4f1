package org.ibal.functions.adapter.model.sse;

/**
 * One server-sent event as the spec dispatches it.
 *
 * @param type the {@code event:} field, {@code "message"} when the event named none
 * @param data the {@code data:} lines joined by newlines
 */
public record SseEvent(String type, String data) {
    public static final String DEFAULT_TYPE = "message";
}
