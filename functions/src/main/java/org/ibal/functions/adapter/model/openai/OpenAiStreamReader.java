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
import tools.jackson.databind.JsonNode;

/**
 * Reads a streamed chat completion: {@code data: {"choices":[{"delta":{"content":"…"}}]}} events until
 * {@code data: [DONE]}; a chunk carrying {@code error} is a failure.
 */
final class OpenAiStreamReader {
    private static final String DONE = "[DONE]";

    private final SseParser parser = new SseParser();
    private final StringBuilder text = new StringBuilder();

    ModelReply read(LineStream stream, DeltaSink sink) {
        while (true) {
            switch (stream.next()) {
                case LineStream.Line line -> {
                    var event = parser.line(line.text());
                    if (event.isPresent() && handle(event.get(), stream, sink)) {
                        return new ModelReply(text.toString(), false, List.of(), List.of());
                    }
                }
                case LineStream.Cancelled cancelled -> {
                    return new ModelReply(text.toString(), true, List.of(), List.of());
                }
                case LineStream.End end -> throw new ModelFailure(Kind.SERVER_ERROR,
                        "the model server closed the stream before [DONE], after " + text.length() + " characters");
            }
        }
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
