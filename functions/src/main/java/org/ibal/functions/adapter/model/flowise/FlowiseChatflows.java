package org.ibal.functions.adapter.model.flowise;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;
import tools.jackson.databind.JsonNode;

/**
 * Whether a chatflow exists and can stream, asked before predicting and remembered for a while. Needed because
 * Flowise 3.x never answers a streaming prediction for an unknown chatflow: its error middleware writes nothing
 * for requests with {@code streaming: true}, so the request would hang until our timeout and then be retried.
 * {@code GET /api/v1/chatflows-streaming/{id}} (public, like the prediction route) answers
 * {@code {"isStreaming":bool}}, or HTTP 500 "… Chatflow {id} not found" for an unknown one.
 */
final class FlowiseChatflows {
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Known(boolean streaming, Instant until) {}

    private final HttpClient client;
    private final URI baseUrl;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    FlowiseChatflows(HttpClient client, URI baseUrl, Clock clock) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * @return whether the chatflow streams; true when Flowise would not say (an older Flowise, a proxy)
     * @throws ModelFailure REJECTED for an unknown chatflow, CONNECT / TIMEOUT when Flowise does not answer
     */
    boolean streams(String chatflowId, String encodedId) {
        Instant now = clock.instant();
        Known cached = known.get(chatflowId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.streaming();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/chatflows-streaming/" + encodedId))
                .timeout(TIMEOUT)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ModelFailure(Kind.TIMEOUT, "Flowise did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ModelFailure(
                    Kind.CONNECT, "Flowise is unreachable (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFailure(Kind.CONNECT, "interrupted while asking Flowise", e);
        }
        JsonNode body = ModelJson.parseLenient(response.body());
        if (response.statusCode() == 200 && body.has("isStreaming")) {
            boolean streaming = body.get("isStreaming").asBoolean();
            known.put(chatflowId, new Known(streaming, now.plus(REMEMBER)));
            return streaming;
        }
        String message = ModelJson.errorMessage(response.body(), 300);
        if (response.statusCode() == 404 || message.contains("not found")) {
            throw new ModelFailure(
                    Kind.REJECTED,
                    "Flowise has no chatflow " + chatflowId + " (" + message
                            + "): check FLOWISE_CHATFLOW_ID or the course block's chatflow");
        }
        return true;
    }
}
