package org.ibal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The gateway's one JSON mapper (the functions have their own, in their own class loader). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parsed value, or null when {@code bytes} is not JSON. */
    public static JsonNode parseOrNull(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    public static JsonNode parseOrNull(String text) {
        try {
            return text == null || text.isEmpty() ? null : MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
