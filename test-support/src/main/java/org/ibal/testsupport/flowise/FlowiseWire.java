package org.ibal.testsupport.flowise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ibal.testsupport.JsonText;
import org.ibal.testsupport.flowise.FlowiseStandIn.Step;

/**
 * The steps of a scripted Flowise stream, byte for byte as Flowise 3.x's {@code SSEStreamer} writes them:
 * {@code message:\ndata:<json>\n\n} for most events, {@code message\ndata:<json>\n\n} (no colon) for
 * {@code end}, {@code error} and {@code abort}, and {@code :heartbeat\n\n} comments (3.1.2+). JSON values go in
 * as JSON text, written compactly as Jackson writes them.
 */
public final class FlowiseWire {
    private FlowiseWire() {}

    public static Step start() {
        return event("start", "");
    }

    public static Step token(String text) {
        return event("token", text);
    }

    /**
     * What {@code streamMetadataEvent} sends after the flow finished.
     *
     * @param followUpPrompts JSON text of the value as Flowise stores it (a JSON string holding an array), or null
     */
    public static Step metadata(String chatId, String sessionId, String question, String followUpPrompts) {
        String data = "{\"chatId\":" + JsonText.quote(chatId)
                + ",\"chatMessageId\":\"6a1f0f8e-2b4c-4c1e-9d55-3c8f8f3b9a10\""
                + ",\"question\":" + JsonText.quote(question)
                + ",\"sessionId\":" + JsonText.quote(sessionId)
                + ",\"memoryType\":\"Buffer Memory\""
                + (followUpPrompts != null ? ",\"followUpPrompts\":" + followUpPrompts : "")
                + "}";
        return raw("message:\ndata:" + envelope("metadata", data) + "\n\n");
    }

    /** @param documents JSON text of the array, e.g. from {@link #documents} */
    public static Step sourceDocuments(String documents) {
        return raw("message:\ndata:" + envelope("sourceDocuments", documents) + "\n\n");
    }

    public static Step errorEvent(String message) {
        return raw("message\ndata:" + envelope("error", JsonText.quote(message)) + "\n\n");
    }

    /** What an agentflow's LLM node sends after its reply: LangChain's {@code usage_metadata}. */
    public static Step usageMetadata(int inputTokens, int outputTokens) {
        return raw("message:\ndata:"
                + envelope(
                        "usageMetadata",
                        "{\"input_tokens\":" + inputTokens + ",\"output_tokens\":" + outputTokens + ",\"total_tokens\":"
                                + (inputTokens + outputTokens) + "}")
                + "\n\n");
    }

    public static Step abortEvent() {
        return raw("message\ndata:" + envelope("abort", JsonText.quote("[DONE]")) + "\n\n");
    }

    public static Step end() {
        return raw("message\ndata:" + envelope("end", JsonText.quote("[DONE]")) + "\n\n");
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

    private static Step event(String name, String text) {
        return raw("message:\ndata:" + envelope(name, JsonText.quote(text)) + "\n\n");
    }

    /** @param data JSON text */
    private static String envelope(String name, String data) {
        return "{\"event\":" + JsonText.quote(name) + ",\"data\":" + data + "}";
    }

    private static Step raw(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Documents for sourceDocuments events and JSON answers, shaped like LangChain's, as JSON text.
     *
     * @param pageSourceTitle triples of pageContent, metadata.source, metadata.title (null leaves it out)
     */
    public static String documents(String... pageSourceTitle) {
        List<String> values = Arrays.asList(pageSourceTitle);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i + 2 < values.size(); i += 3) {
            String metadata = (values.get(i + 1) != null ? "\"source\":" + JsonText.quote(values.get(i + 1)) + "," : "")
                    + (values.get(i + 2) != null ? "\"title\":" + JsonText.quote(values.get(i + 2)) + "," : "")
                    + "\"loc\":{\"lines\":{\"from\":1,\"to\":4}}";
            documents.add("{\"pageContent\":" + JsonText.quote(values.get(i)) + ",\"metadata\":{" + metadata + "}}");
        }
        return "[" + String.join(",", documents) + "]";
    }
}
