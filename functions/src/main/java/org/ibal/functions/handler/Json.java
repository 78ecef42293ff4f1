package org.ibal.functions.handler;

import java.util.Locale;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Source;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper, and the protocol's shapes of the domain records (docs/protocol.md). */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** @throws InvalidInputException when the text is not a JSON object */
    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? null : MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("the body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidInputException("the body is empty; send a JSON object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidInputException("the body must be a JSON object");
        }
        return object;
    }

    /** @return the string field, null if absent or JSON null; @throws InvalidInputException if not a string */
    public static String optionalString(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidInputException(field + " must be a string");
        }
        return value.asString();
    }

    public static ObjectNode message(ChatMessage message) {
        ObjectNode out = object().put("id", message.id())
                .put("sessionId", message.sessionId())
                .put("role", message.role().name().toLowerCase(Locale.ROOT))
                .put("content", message.content())
                .put("createdAt", message.createdAt().toString());
        if (message.clientMessageId() != null) {
            out.put("clientMessageId", message.clientMessageId());
        }
        if (message.replyTo() != null) {
            out.put("replyTo", message.replyTo());
        }
        if (message.stopped()) {
            out.put("stopped", true);
        }
        putSourcesAndFollowUps(out, message);
        return out;
    }

    public static void putSourcesAndFollowUps(ObjectNode out, ChatMessage message) {
        if (!message.sources().isEmpty()) {
            ArrayNode sources = out.putArray("sources");
            for (Source source : message.sources()) {
                ObjectNode s = sources.addObject();
                s.put("title", source.title());
                s.put("url", source.url());
                s.put("snippet", source.snippet());
            }
        }
        if (!message.followUps().isEmpty()) {
            ArrayNode followUps = out.putArray("followUps");
            message.followUps().forEach(followUps::add);
        }
    }

    public static ObjectNode session(ChatSession session) {
        return object().put("id", session.id())
                .put("title", session.title())
                .put("createdAt", session.createdAt().toString())
                .put("updatedAt", session.updatedAt().toString());
    }

    public static ObjectNode user(User user) {
        return object().put("id", user.id()).put("username", user.username()).put("displayName", user.displayName());
    }
}
