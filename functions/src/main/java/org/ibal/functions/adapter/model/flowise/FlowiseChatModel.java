package org.ibal.functions.adapter.model.flowise;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.port.ChatModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Flowise's prediction API ({@code POST /api/v1/prediction/{chatflowId}}, streaming). The IBAL session id is
 * Flowise's {@code overrideConfig.sessionId}, so the chatflow's memory carries on across turns and reconnects; the
 * course goes in as {@code overrideConfig.vars} ({@code $vars.courseId}, {@code $vars.blockId} in the flow). A
 * chatflow that cannot stream answers plain JSON, delivered as one delta. Before predicting it checks (cached) that
 * the chatflow exists, because Flowise never answers a streaming prediction for an unknown one
 * ({@link FlowiseChatflows}). Stopping closes the stream and asks Flowise to abort the run, as closing alone
 * leaves the flow (and its LLM bill) running.
 */
public final class FlowiseChatModel implements ChatModel {
    private static final int MAX_JSON_ANSWER_CHARS = 1_000_000;
    private static final int MAX_ERROR_BODY_CHARS = 4_000;
    private static final Duration SIDE_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HEALTH_TTL = Duration.ofSeconds(5);

    private final FlowiseConfig config;
    private final StreamingHttp http;
    private final ModelEndpoint endpoint;
    private final CachedHealth health;
    private final FlowiseChatflows chatflows;

    public FlowiseChatModel(FlowiseConfig config, StreamingHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.endpoint = new ModelEndpoint(config.baseUrl(), config.apiKey());
        this.health = new CachedHealth(this::ping, HEALTH_TTL, clock);
        this.chatflows = new FlowiseChatflows(http.client(), config.baseUrl(), clock);
    }

    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        String chatflowId = chatflowId(request.course());
        boolean streaming = chatflows.streams(chatflowId, segment(chatflowId));
        try (LineStream stream = http.open(predictionRequest(chatflowId, streaming, request), request.cancellation())) {
            if (!stream.awaitHeaders()) {
                stream.close();
                abort(chatflowId, request.sessionId());
                return new ModelReply("", true, List.of(), List.of());
            }
            if (!stream.isSuccess()) {
                String body = stream.readRest(MAX_ERROR_BODY_CHARS).orElse("");
                throw FlowiseErrors.forStatus(stream.status(), body, chatflowId);
            }
            if (!stream.mediaType().equals("text/event-stream")) {
                return jsonAnswer(stream, chatflowId, request, sink);
            }
            FlowiseStreamReader.Outcome outcome = new FlowiseStreamReader().read(stream, sink);
            if (outcome.cancelled()) {
                stream.close();
                // Without a metadata event yet, Flowise's chatId is our sessionId (we send no chatId of our own).
                abort(chatflowId, outcome.chatId() != null ? outcome.chatId() : request.sessionId());
            }
            return outcome.reply();
        }
    }

    @Override
    public boolean healthy() {
        return health.healthy();
    }

    /** The course block's chatflow when it names one, else the deployment's default. */
    String chatflowId(CourseContext course) {
        if (course != null
                && course.chatflowId() != null
                && !course.chatflowId().isBlank()) {
            return course.chatflowId().strip();
        }
        if (config.defaultChatflowId() == null || config.defaultChatflowId().isBlank()) {
            throw new ModelFailure(
                    Kind.REJECTED,
                    "no Flowise chatflow to ask: set FLOWISE_CHATFLOW_ID or a " + "chatflow on the course block");
        }
        return config.defaultChatflowId();
    }

    /** {@code streaming} only when the chatflow can: otherwise Flowise's errors come as plain HTTP statuses. */
    private HttpRequest predictionRequest(String chatflowId, boolean streaming, ModelRequest request) {
        ObjectNode body = ModelJson.MAPPER.createObjectNode();
        body.put("question", request.question());
        body.put("streaming", streaming);
        ObjectNode overrideConfig = body.putObject("overrideConfig");
        overrideConfig.put("sessionId", request.sessionId());
        CourseContext course = request.course();
        if (course != null && (course.courseId() != null || course.blockId() != null)) {
            ObjectNode vars = overrideConfig.putObject("vars");
            if (course.courseId() != null) {
                vars.put("courseId", course.courseId());
            }
            if (course.blockId() != null) {
                vars.put("blockId", course.blockId());
            }
        }
        return endpoint.jsonPost("/api/v1/prediction/" + segment(chatflowId), body);
    }

    /** A chatflow that can't stream (post-processing, a custom ending node) answers its JSON whenever it is done. */
    private ModelReply jsonAnswer(LineStream stream, String chatflowId, ModelRequest request, DeltaSink sink) {
        var body = stream.readRest(MAX_JSON_ANSWER_CHARS);
        if (body.isEmpty()) {
            stream.close();
            abort(chatflowId, request.sessionId());
            return new ModelReply("", true, List.of(), List.of());
        }
        JsonNode answer = ModelJson.parseLenient(body.get());
        if (!answer.isObject()) {
            throw new ModelFailure(
                    Kind.SERVER_ERROR,
                    "Flowise answered neither an event stream nor a JSON object (" + stream.mediaType() + ")");
        }
        String text = ModelJson.text(answer, "text");
        text = text == null ? "" : text;
        if (!text.isEmpty()) {
            sink.delta(text);
        }
        return new ModelReply(
                text,
                false,
                FlowiseAnswers.sources(answer.get("sourceDocuments")),
                FlowiseAnswers.followUps(answer.get("followUpPrompts")));
    }

    /** Best effort: a failed abort must not turn a stopped reply into an error. */
    private void abort(String chatflowId, String chatId) {
        HttpRequest request = endpoint.request(
                        "/api/v1/chatmessage/abort/" + segment(chatflowId) + "/" + segment(chatId))
                .timeout(SIDE_CALL_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        // Unanswered, the reply is still stopped on our side; Flowise finishes the run on its own.
        ModelEndpoint.sendQuietly(http.client(), request, HttpResponse.BodyHandlers.discarding());
    }

    private boolean ping() {
        // Flowise's ping is open: it goes without the key.
        HttpRequest request = HttpRequest.newBuilder(endpoint.uri("/api/v1/ping"))
                .timeout(SIDE_CALL_TIMEOUT)
                .GET()
                .build();
        return ModelEndpoint.sendQuietly(http.client(), request, HttpResponse.BodyHandlers.ofString())
                .map(response ->
                        response.statusCode() == 200 && response.body().strip().equals("pong"))
                .orElse(false);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
