package org.ibal.functions.adapter.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.ibal.functions.domain.port.ChatModel.Cancellation;

/**
 * The model adapters' outbound HTTP: sends a request on the shared async {@link HttpClient} and opens its answer
 * as a {@link LineStream} under this provider's {@link StreamTimeouts}. Retry and the circuit breaker sit one
 * level up, in {@code ResilientChatModel}, because only there is it known whether a delta already reached the
 * user; both are configured with these timeouts in {@code ModelPolicy}.
 */
public final class StreamingHttp {
    private final HttpClient client;
    private final String provider;
    private final StreamTimeouts timeouts;

    /**
     * @param provider how messages name the provider, e.g. "Flowise"
     */
    public StreamingHttp(HttpClient client, String provider, StreamTimeouts timeouts) {
        this.client = client;
        this.provider = provider;
        this.timeouts = timeouts;
    }

    /** Sends the request; the answer is awaited by {@link LineStream#awaitHeaders()}. */
    public LineStream open(HttpRequest request, Cancellation cancellation) {
        QueuedLines lines = new QueuedLines();
        CompletableFuture<HttpResponse.ResponseInfo> headers = new CompletableFuture<>();
        HttpResponse.BodyHandler<Void> handler = info -> {
            headers.complete(info);
            // SSE is UTF-8 by definition; the JSON and error bodies we read are too.
            return HttpResponse.BodySubscribers.fromLineSubscriber(lines, s -> null, StandardCharsets.UTF_8, null);
        };
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request, handler);
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                headers.completeExceptionally(failure);
                lines.fail(failure);
            }
        });
        return new LineStream(provider, timeouts, cancellation, headers, exchange, lines);
    }

    /** The client, for the adapters' small side calls (health, abort). */
    public HttpClient client() {
        return client;
    }
}
