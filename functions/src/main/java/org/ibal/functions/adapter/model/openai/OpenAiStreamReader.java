package org.ibal.functions.adapter.model.openai;

import java.util.List;
import org.ibal.functions.adapter.http.LineStream;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;
import org.ibal.functions.adapter.model.sse.SseEvent;
import org.ibal.functions.adapter.model.sse.SseParser;
import org.ibal.functions.domain.port.ChatModel.DeltaSink;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.usage.TokenUsage;
import tools.jackson.databind.JsonNode;

/**
 * Reads a streamed chat completion: {@code data: {"choices":[{"delta":{"content":"…"}}]}} events until
 * {@code data: [DONE]}; a chunk carrying {@code error} is a failure.
 */
final class OpenAiStreamReader {
    private static final String DONE = "[DONE]";

    private final SseParser parser = new SseParser();
    private final StringBuilder text = new StringBuilder();
    private TokenUsage usage;

    ModelReply read(LineStream stream, DeltaSink sink) {
        while (true) {
            switch (stream.next()) {
                case LineStream.Line line -> {
                    var event = parser.line(line.text());
                    if (event.isPresent() && handle(event.get(), stream, sink)) {
                        return new ModelReply(text.toString(), false, List.of(), List.of(), usage);
                    }
                }
                case LineStream.Cancelled cancelled -> {
                    return new ModelReply(text.toString(), true, List.of(), List.of());
                }
                case LineStream.End end ->
                    throw new ModelFailure(
                            Kind.SERVER_ERROR,
                            "the model server closed the stream before [DONE], after " + text.length() + " characters");
            }
        }
    }

    /**
     * {@code {"prompt_tokens","completion_tokens"}}, as {@code stream_options.include_usage} sends it in the last
     * chunk (and a whole completion carries it); null when absent or not numbers.
     */
    static TokenUsage usage(JsonNode usage) {
        JsonNode in = usage.path("prompt_tokens");
        JsonNode out = usage.path("completion_tokens");
        if (!in.isIntegralNumber() || !out.isIntegralNumber() || in.longValue() < 0 || out.longValue() < 0) {
            return null;
        }
        return new TokenUsage(in.longValue(), out.longValue(), false);
    }

    /** @return true at {@code [DONE]} */
    private boolean handle(SseEvent event, LineStream stream, DeltaSink sink) {
        if (event.data().strip().equals(DONE)) {
            return true;
        }
        JsonNode chunk = ModelJson.parseLenient(event.data());
        if (chunk.has("error") && !chunk.get("error").isNull()) {
            throw OpenAiErrors.forStreamError(chunk.get("error"));
        }
        TokenUsage reported = usage(chunk.path("usage"));
        if (reported != null) {
            usage = reported;
        }
        for (JsonNode choice : chunk.path("choices")) {
            String delta = ModelJson.text(choice.path("delta"), "content");
            if (delta != null && !delta.isEmpty()) {
                sink.delta(delta);
                text.append(delta);
                stream.delivered();
            } else {
                // Role-only first chunks, reasoning and tool-call deltas, the finish_reason chunk.
                stream.progressed();
            }
        }
        return false;
    }
}
