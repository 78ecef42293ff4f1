package org.ibal.gateway.support.flowise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.ibal.gateway.support.flowise.FlowiseStandIn.Step;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Twin of functions' test {@code org.ibal.functions.adapter.model.flowise.FlowiseWire} (this module can't see
 * the functions' test classes; same bytes, Jackson 2 instead of 3): change both together.
 *
 * <p>The steps of a scripted Flowise stream, byte for byte as Flowise 3.x's {@code SSEStreamer} writes them:
 * {@code message:\ndata:<json>\n\n} for most events, {@code message\ndata:<json>\n\n} (no colon) for
 * {@code end}, {@code error} and {@code abort}, and {@code :heartbeat\n\n} comments (3.1.2+).
 */
public final class FlowiseWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlowiseWire() {
    }

    public static Step start() {
        return event("start", "");
    }

    public static Step token(String text) {
        return event("token", text);
    }

    /** What {@code streamMetadataEvent} sends after the flow finished; followUpPrompts already parsed once. */
    public static Step metadata(String chatId, String sessionId, String question, JsonNode followUpPrompts) {
        ObjectNode data = JSON.createObjectNode();
        data.put("chatId", chatId);
        data.put("chatMessageId", "6a1f0f8e-2b4c-4c1e-9d55-3c8f8f3b9a10");
        data.put("question", question);
        data.put("sessionId", sessionId);
        data.put("memoryType", "Buffer Memory");
        if (followUpPrompts != null) {
            data.set("followUpPrompts", followUpPrompts);
        }
        return event("metadata", data);
    }

    public static Step sourceDocuments(JsonNode documents) {
        return event("sourceDocuments", documents);
    }

    public static Step errorEvent(String message) {
        return raw("message\ndata:" + envelope("error", JSON.getNodeFactory().textNode(message)) + "\n\n");
    }

    public static Step abortEvent() {
        return raw("message\ndata:" + envelope("abort", JSON.getNodeFactory().textNode("[DONE]")) + "\n\n");
    }

    public static Step end() {
        return raw("message\ndata:" + envelope("end", JSON.getNodeFactory().textNode("[DONE]")) + "\n\n");
    }

    public static Step heartbeat() {
        return raw(":heartbeat\n\n");
    }

    public static Step pause(Duration duration) {
        return out -> Thread.sleep(duration);
    }

    /** Heartbeats every {@code every} for {@code total}, and nothing else: a flow busy before its first token. */
    public static Step heartbeatsFor(Duration total, Duration every) {
        return out -> {
            long until = System.nanoTime() + total.toNanos();
            while (System.nanoTime() < until) {
                out.write(":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(every);
            }
        };
    }

    /** Kills the connection without the chunked terminator: the client sees the body break off. */
    public static Step drop() {
        return out -> {
            throw new Dropped();
        };
    }

    /** Thrown through the server, which then closes the socket without finishing the chunked body. */
    static final class Dropped extends IOException {
        Dropped() {
            super("stand-in drops the connection");
        }
    }

    private static Step event(String name, Object data) {
        JsonNode node = data instanceof JsonNode json ? json : JSON.getNodeFactory().textNode((String) data);
        return raw("message:\ndata:" + envelope(name, node) + "\n\n");
    }

    private static String envelope(String name, JsonNode data) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("event", name);
        envelope.set("data", data);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Step raw(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Documents for sourceDocuments events and JSON answers, shaped like LangChain's.
     *
     * @param pageSourceTitle triples of pageContent, metadata.source, metadata.title (null leaves it out)
     */
    public static JsonNode documents(String... pageSourceTitle) {
        var array = JSON.createArrayNode();
        List<String> values = Arrays.asList(pageSourceTitle);
        for (int i = 0; i + 2 < values.size(); i += 3) {
            ObjectNode document = array.addObject();
            document.put("pageContent", values.get(i));
            ObjectNode metadata = document.putObject("metadata");
            if (values.get(i + 1) != null) {
                metadata.put("source", values.get(i + 1));
            }
            if (values.get(i + 2) != null) {
                metadata.put("title", values.get(i + 2));
            }
            metadata.putObject("loc").putObject("lines").put("from", 1).put("to", 4);
        }
        return array;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
