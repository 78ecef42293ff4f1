package org.ibal.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A DynamoDB endpoint that answers like ScyllaDB Alternator where Alternator differs from DynamoDB in what IBAL
 * needs: the multi-item transactions ({@code TransactWriteItems}, {@code TransactGetItems}, scylladb/scylladb#5064)
 * are refused exactly as alternator/server.cc refuses an operation it has no handler for — HTTP 400,
 * {@code application/x-amz-json-1.0},
 * {@code {"__type":"com.amazonaws.dynamodb.v20120810#UnknownOperationException","message":"Unsupported operation
 * TransactWriteItems"}}. Every other call is passed to a real DynamoDB Local. No Docker engine runs here, so Scylla
 * itself cannot; this replays the one answer that matters.
 */
public final class AlternatorStandIn implements AutoCloseable {
    private static final Set<String> UNSUPPORTED = Set.of("TransactWriteItems", "TransactGetItems");
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI backing;

    private AlternatorStandIn(URI backing) throws IOException {
        this.backing = backing;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** In front of the DynamoDB Local at {@code backing}. */
    public static AlternatorStandIn over(String backing) throws IOException {
        return new AlternatorStandIn(URI.create(backing));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String operation = target.substring(target.lastIndexOf('.') + 1);
            if (UNSUPPORTED.contains(operation)) {
                answer(
                        exchange,
                        400,
                        ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#UnknownOperationException\","
                                        + "\"message\":\"Unsupported operation " + operation + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(backing.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
