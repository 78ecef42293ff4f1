package org.ibal.functions.adapter.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A model provider's base URL and API key: builds its requests, with {@code Authorization: Bearer} only when a key
 * is set (Ollama, vLLM and a keyless Flowise need none).
 *
 * @param baseUrl without a trailing slash; paths are appended as they are
 * @param apiKey  null or blank when the provider needs none; never logged
 */
public record ModelEndpoint(URI baseUrl, String apiKey) {

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** A request to {@code path}, carrying the key when there is one. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
        if (apiKey != null && !apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    /** The streaming call: a JSON body, accepting an event stream or (from a server that won't stream) JSON. */
    public HttpRequest jsonPost(String path, JsonNode body) {
        return request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream, application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ModelJson.MAPPER.writeValueAsString(body)))
                .build();
    }

    @Override
    public String toString() {
        return "ModelEndpoint[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }

    /**
     * A side call (health, abort) whose failure only means "no answer": empty when it could not be made or was
     * interrupted (the interrupt is kept).
     */
    public static <T> Optional<HttpResponse<T>> sendQuietly(
            HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return Optional.of(client.send(request, handler));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
