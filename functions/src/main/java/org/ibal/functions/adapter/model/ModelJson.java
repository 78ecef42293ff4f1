package org.ibal.functions.adapter.model;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** JSON for the model adapters: one mapper, and lenient reading of what providers send. */
public final class ModelJson {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ModelJson() {}

    /** @return the parsed tree, or a missing node when the text is not JSON (providers answer plain text too) */
    public static JsonNode parseLenient(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    /** @return the text of a string field, null when absent, null or not a string */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /**
     * A short, single-line message from an error body: its {@code message} / {@code error} / {@code error.message}
     * field when JSON, else the text itself, at most {@code maxChars}.
     */
    public static String errorMessage(String body, int maxChars) {
        JsonNode json = parseLenient(body);
        String message = null;
        if (json.isObject()) {
            message = text(json, "message");
            if (message == null && json.get("error") != null) {
                JsonNode error = json.get("error");
                message = error.isString() ? error.asString() : text(error, "message");
            }
        } else if (json.isString()) {
            message = json.asString();
        }
        if (message == null) {
            message = body == null ? "" : body;
        }
        String oneLine = message.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars - 1) + "…";
    }
}
