package org.ibal.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) that queues what it receives and records how it was closed. */
public final class WsClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Closed(int code, String reason) {}

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, String subprotocol) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .header("User-Agent", "ibal-test/1.0");
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    public static WsClient connect(String url) {
        return new WsClient(URI.create(url), null);
    }

    public static WsClient connect(String url, String subprotocol) {
        return new WsClient(URI.create(url), subprotocol);
    }

    /** The HTTP status of a refused handshake (fails the test when the handshake succeeds). */
    public static int refusedStatus(String url) {
        try {
            new WsClient(URI.create(url), null).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the handshake to " + url + " was accepted");
    }

    public WebSocket socket() {
        return socket;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public String next() throws InterruptedException {
        String message = messages.poll(15, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 15 s");
        }
        return message;
    }

    public JsonNode nextJson() throws Exception {
        return JSON.readTree(next());
    }

    /** The next message matching {@code wanted}, skipping others. */
    public JsonNode nextJson(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                break;
            }
            JsonNode node = JSON.readTree(message);
            if (wanted.test(node)) {
                return node;
            }
        }
        throw new AssertionError("no matching message within 15 s");
    }

    public String poll(long millis) throws InterruptedException {
        return messages.poll(millis, TimeUnit.MILLISECONDS);
    }

    public Closed awaitClose(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }
}
