package org.ibal.functions.adapter.model.openai;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.ibal.functions.adapter.http.LineStream;
import org.ibal.functions.adapter.http.StreamingHttp;
import org.ibal.functions.adapter.model.CachedHealth;
import org.ibal.functions.adapter.model.ModelEndpoint;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;
import org.ibal.functions.domain.port.ChatModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any OpenAI-compatible {@code POST {base}/chat/completions} with {@code stream: true}. The server remembers
 * nothing, so each call carries the session's recent history. Stopping closes the stream, which is how these
 * servers learn to stop generating.
 */
public final class OpenAiChatModel implements ChatModel {
    private static final int MAX_ERROR_BODY_CHARS = 4_000;
    private static final int MAX_JSON_ANSWER_CHARS = 1_000_000;
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HEALTH_TTL = Duration.ofSeconds(5);

    private final OpenAiConfig config;
    private final StreamingHttp http;
    private final ModelEndpoint endpoint;
    private final CachedHealth health;

    public OpenAiChatModel(OpenAiConfig config, StreamingHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.endpoint = new ModelEndpoint(config.baseUrl(), config.apiKey());
        this.health = new CachedHealth(this::listModels, HEALTH_TTL, clock);
    }

    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        try (LineStream stream = http.open(completionRequest(request), request.cancellation())) {
            if (!stream.awaitHeaders()) {
                return new ModelReply("", true, List.of(), List.of());
            }
            if (!stream.isSuccess()) {
                throw OpenAiErrors.forStatus(
                        stream.status(), stream.readRest(MAX_ERROR_BODY_CHARS).orElse(""), config);
            }
            if (!stream.mediaType().equals("text/event-stream")) {
                return wholeAnswer(stream, sink);
            }
            return new OpenAiStreamReader().read(stream, sink);
        }
    }

    /** The model list answers on OpenAI, vLLM, Ollama and LiteLLM alike, and costs no tokens. */
    @Override
    public boolean healthy() {
        return health.healthy();
    }

    /** The chat completions API is stateless: each request carries the recent history. */
    @Override
    public boolean usesHistory() {
        return true;
    }

    private HttpRequest completionRequest(ModelRequest request) {
        ObjectNode body = ModelJson.MAPPER.createObjectNode();
        body.put("model", config.model());
        body.set("messages", OpenAiMessages.build(request, config));
        body.put("stream", true);
        // The last chunk before [DONE] then carries the call's usage (choices empty): what the console meters.
        body.putObject("stream_options").put("include_usage", true);
        return endpoint.jsonPost("/chat/completions", body);
    }

    /** A server that ignores {@code stream} answers one completion object. */
    private ModelReply wholeAnswer(LineStream stream, DeltaSink sink) {
        var body = stream.readRest(MAX_JSON_ANSWER_CHARS);
        if (body.isEmpty()) {
            return new ModelReply("", true, List.of(), List.of());
        }
        JsonNode completion = ModelJson.parseLenient(body.get());
        JsonNode message = completion.path("choices").path(0).path("message");
        String text = ModelJson.text(message, "content");
        if (text == null) {
            throw new ModelFailure(
                    Kind.SERVER_ERROR, "the model server answered no completion (" + stream.mediaType() + ")");
        }
        if (!text.isEmpty()) {
            sink.delta(text);
        }
        return new ModelReply(text, false, List.of(), List.of(), OpenAiStreamReader.usage(completion.path("usage")));
    }

    private boolean listModels() {
        HttpRequest request =
                endpoint.request("/models").timeout(HEALTH_TIMEOUT).GET().build();
        return ModelEndpoint.sendQuietly(http.client(), request, HttpResponse.BodyHandlers.discarding())
                .map(response -> response.statusCode() == 200)
                .orElse(false);
    }
}
