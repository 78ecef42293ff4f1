package org.ibal.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A WebSocket client that negotiates permessage-deflate, as every browser does (the JDK's client cannot): Jetty's.
 * It compresses what it sends and inflates what it receives; like {@link WsClient} it queues messages and records
 * how the connection was closed.
 */
public final class CompressingWsClient implements AutoCloseable {
    private final WebSocketClient client = new WebSocketClient();
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<WsClient.Closed> closed = new CompletableFuture<>();
    private final Session session;

    public CompressingWsClient(String url) throws Exception {
        client.setMaxTextMessageSize(1024 * 1024);
        client.start();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.addExtensions("permessage-deflate");
        request.setHeader("User-Agent", "ibal-test-deflate/1.0");
        session = client.connect(new Listener(), URI.create(url), request).get(10, TimeUnit.SECONDS);
    }

    /** The extensions the server accepted in its handshake answer. */
    public List<String> negotiatedExtensions() {
        return session.getUpgradeResponse().getExtensions().stream()
                .map(ExtensionConfig::getName)
                .toList();
    }

    public void send(String text) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        sent.get(10, TimeUnit.SECONDS);
    }

    /** The next message matching {@code wanted}, skipping others. */
    public JsonNode nextJson(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                break;
            }
            JsonNode node = WsClient.JSON.readTree(message);
            if (wanted.test(node)) {
                return node;
            }
        }
        throw new AssertionError("no matching message within 20 s"
                + (closed.isDone() ? "; the connection closed: " + closed.join() : ""));
    }

    public WsClient.Closed awaitClose(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        if (session.isOpen()) {
            session.close(1000, "bye", Callback.NOOP);
        }
        client.stop();
    }

    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(new WsClient.Closed(statusCode, reason));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.complete(new WsClient.Closed(1006, String.valueOf(cause)));
        }
    }
}
