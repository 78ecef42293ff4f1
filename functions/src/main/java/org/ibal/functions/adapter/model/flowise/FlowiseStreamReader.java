package org.ibal.functions.adapter.model.flowise;

import java.util.List;
import org.ibal.functions.adapter.http.LineStream;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;
import org.ibal.functions.adapter.model.sse.SseEvent;
import org.ibal.functions.adapter.model.sse.SseParser;
import org.ibal.functions.domain.Source;
import org.ibal.functions.domain.port.ChatModel.DeltaSink;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.usage.TokenUsage;
import tools.jackson.databind.JsonNode;

/**
 * Reads one Flowise prediction stream. Every Flowise event is an SSE {@code message} whose data is
 * {@code {"event": name, "data": ...}} (see Flowise's {@code SSEStreamer}): {@code token} carries text,
 * {@code sourceDocuments} and {@code metadata} (chatId, followUpPrompts) the extras, {@code error} a failure,
 * {@code abort} an abort, and {@code end} closes the stream. The rest (start, usedTools, agentReasoning, nextAgent,
 * action, thinking, …) is progress we don't show.
 */
final class FlowiseStreamReader {
    /** How a stream ended. {@code cancelled}: our caller stopped it; {@code chatId} names the run for the abort call. */
    record Outcome(ModelReply reply, boolean cancelled, String chatId) {}

    private final SseParser parser = new SseParser();
    private final StringBuilder text = new StringBuilder();
    private List<Source> sources = List.of();
    private List<String> followUps = List.of();
    private String chatId;
    private boolean abortedByFlowise;
    /** Summed over the flow's LLM nodes; null while Flowise reported none (chatflows never do). */
    private TokenUsage usage;

    Outcome read(LineStream stream, DeltaSink sink) {
        while (true) {
            switch (stream.next()) {
                case LineStream.Line line -> {
                    var event = parser.line(line.text());
                    if (event.isPresent() && handle(event.get(), stream, sink)) {
                        return outcome(false, false);
                    }
                }
                case LineStream.Cancelled cancelled -> {
                    return outcome(true, true);
                }
                case LineStream.End end ->
                    throw new ModelFailure(
                            Kind.SERVER_ERROR,
                            "Flowise closed the stream before its end event, after " + text.length() + " characters");
            }
        }
    }

    /** @return true when the stream is complete */
    private boolean handle(SseEvent event, LineStream stream, DeltaSink sink) {
        JsonNode json = ModelJson.parseLenient(event.data());
        String name = ModelJson.text(json, "event");
        if (name == null) {
            return false;
        }
        JsonNode data = json.get("data");
        switch (name) {
            case "token" -> {
                String delta = data != null && data.isString() ? data.asString() : null;
                if (delta != null && !delta.isEmpty()) {
                    sink.delta(delta);
                    text.append(delta);
                    stream.delivered();
                }
            }
            case "sourceDocuments" -> {
                sources = FlowiseAnswers.sources(data);
                stream.progressed();
            }
            case "metadata" -> {
                String id = ModelJson.text(data, "chatId");
                chatId = id != null ? id : chatId;
                if (data != null && data.has("followUpPrompts")) {
                    followUps = FlowiseAnswers.followUps(data.get("followUpPrompts"));
                }
                stream.progressed();
            }
            case "usageMetadata" -> {
                // Agentflows send LangChain's usage_metadata after each LLM node: {input_tokens, output_tokens}.
                JsonNode in = data == null ? null : data.get("input_tokens");
                JsonNode out = data == null ? null : data.get("output_tokens");
                if (in != null && out != null && in.isIntegralNumber() && out.isIntegralNumber()) {
                    usage = new TokenUsage(
                            (usage == null ? 0 : usage.tokensIn()) + in.longValue(),
                            (usage == null ? 0 : usage.tokensOut()) + out.longValue(),
                            false);
                }
                stream.progressed();
            }
            case "error" ->
                throw FlowiseErrors.forErrorEvent(
                        data != null && data.isString() ? data.asString() : String.valueOf(data));
            case "abort" -> {
                // Someone (another tab, an operator) aborted this run in Flowise: keep what came, as stopped.
                abortedByFlowise = true;
                return true;
            }
            case "end" -> {
                return true;
            }
            default -> stream.progressed();
        }
        return false;
    }

    private Outcome outcome(boolean stopped, boolean cancelled) {
        return new Outcome(
                new ModelReply(text.toString(), stopped || abortedByFlowise, sources, followUps, usage),
                cancelled,
                chatId);
    }
}
