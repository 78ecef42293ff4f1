package org.ibal.testsupport.flowise;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.ibal.testsupport.JsonText;

/**
 * Flowise 3.x on the wire, scripted per call. The bytes are Flowise's own ({@code SSEStreamer.ts},
 * {@code controllers/predictions}, {@code middlewares/errors}): stream events from {@link FlowiseWire}; errors after
 * the stream started come as an {@code error} event inside the 200; non-streaming errors are
 * {@code {"statusCode","success":false,"message","stack":{}}}; express-rate-limit answers 429 with its message as
 * text/html. Each prediction takes the next scripted {@link Reply}; requests are recorded, their JSON bodies as
 * text for the caller's own JSON library (the functions use Jackson 3, the gateway Jackson 2).
 */
public final class FlowiseStandIn implements AutoCloseable {
    /** A prediction that asks to stream: {@code "streaming":true}, or the string "true" Flowise accepts too. */
    private static final Pattern STREAMING = Pattern.compile("\"streaming\"\\s*:\\s*(true|\"true\")");

    /** A request as it arrived; header names lower case. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One scripted answer to a prediction. */
    @FunctionalInterface
    public interface Reply {
        void answer(HttpExchange exchange, FlowiseStandIn standIn) throws IOException, InterruptedException;
    }

    /** One step of a scripted stream. */
    @FunctionalInterface
    public interface Step {
        void run(OutputStream out) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> predictions = new CopyOnWriteArrayList<>();
    private final List<Received> aborts = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger streamingChecks = new AtomicInteger();
    private final Set<String> unknownChatflows = ConcurrentHashMap.newKeySet();
    private final Set<String> nonStreamingChatflows = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientsLeft = new AtomicInteger();
    private volatile boolean pingAnswersPong = true;

    private FlowiseStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/v1/prediction/", this::prediction);
        server.createContext("/api/v1/chatmessage/abort/", this::abort);
        server.createContext("/api/v1/ping", this::ping);
        server.createContext("/api/v1/chatflows-streaming/", this::chatflowStreaming);
        server.start();
    }

    public static FlowiseStandIn listening() {
        try {
            return new FlowiseStandIn();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next predictions answer these, in order. */
    public FlowiseStandIn then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Forgets the script and what was received, so scenarios sharing one stand-in stay apart. */
    public void reset() {
        script.clear();
        predictions.clear();
        aborts.clear();
    }

    public List<Received> predictions() {
        return List.copyOf(predictions);
    }

    public List<Received> aborts() {
        return List.copyOf(aborts);
    }

    public int pings() {
        return pings.get();
    }

    /** Streams whose client hung up before the script ended (a write failed). */
    public int clientsLeft() {
        return clientsLeft.get();
    }

    public void pingAnswersPong(boolean pong) {
        pingAnswersPong = pong;
    }

    /** Flowise has no such chatflow. */
    public FlowiseStandIn unknownChatflow(String chatflowId) {
        unknownChatflows.add(chatflowId);
        return this;
    }

    /** The chatflow can't stream (post-processing, a custom function ending node). */
    public FlowiseStandIn nonStreamingChatflow(String chatflowId) {
        nonStreamingChatflows.add(chatflowId);
        return this;
    }

    /** Calls to {@code GET /api/v1/chatflows-streaming/{id}}. */
    public int streamingChecks() {
        return streamingChecks.get();
    }

    // ------------------------------------------------------------------ replies, as Flowise writes them

    /** 200 text/event-stream, written step by step and flushed after each. */
    public static Reply stream(Step... steps) {
        return (exchange, standIn) -> {
            var headers = exchange.getResponseHeaders();
            headers.set("X-Powered-By", "Express");
            headers.set("Content-Type", "text/event-stream");
            headers.set("Cache-Control", "no-cache");
            headers.set("Connection", "keep-alive");
            headers.set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (Step step : steps) {
                    step.run(out);
                    out.flush();
                }
            } catch (IOException e) {
                if (!(e instanceof FlowiseWire.Dropped)) {
                    standIn.clientsLeft.incrementAndGet();
                }
                throw e;
            }
            out.close();
        };
    }

    /** Express's {@code res.json}: a whole JSON answer (a chatflow that can't stream, or an error). */
    public static Reply json(int status, String body) {
        return fixed(status, "application/json; charset=utf-8", body);
    }

    /** The non-streaming error shape of Flowise's error middleware. */
    public static Reply error(int status, String message) {
        return json(
                status,
                "{\"statusCode\":" + status + ",\"success\":false,\"message\":" + JsonText.quote(message)
                        + ",\"stack\":{}}");
    }

    /** express-rate-limit's default answer: status 429 and the configured message as text. */
    public static Reply rateLimited(String message) {
        return fixed(429, "text/html; charset=utf-8", message);
    }

    private static Reply fixed(int status, String contentType, String body) {
        return (exchange, standIn) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Powered-By", "Express");
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    // ------------------------------------------------------------------ routes

    private void prediction(HttpExchange exchange) throws IOException {
        Received received = record(exchange);
        predictions.add(received);
        String chatflowId = received.path().substring("/api/v1/prediction/".length());
        if (unknownChatflows.contains(chatflowId)) {
            unknownChatflowPrediction(exchange, received);
            return;
        }
        Reply reply = script.poll();
        if (reply == null) {
            reply = error(500, "stand-in: no scripted reply left");
        }
        try {
            reply.answer(exchange, this);
        } catch (FlowiseWire.Dropped e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    /**
     * Flowise 3.1's controller throws 404 before streaming, and its error middleware only answers requests that
     * did not ask to stream: a streaming request gets no answer at all (seen on a real Flowise 3.1.0 too).
     */
    private void unknownChatflowPrediction(HttpExchange exchange, Received received) throws IOException {
        if (STREAMING.matcher(received.body()).find()) {
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        String id = received.path().substring("/api/v1/prediction/".length());
        answerNow(error(404, "Chatflow " + id + " not found in the database!"), exchange);
    }

    private void chatflowStreaming(HttpExchange exchange) throws IOException {
        streamingChecks.incrementAndGet();
        String id = exchange.getRequestURI().getRawPath().substring("/api/v1/chatflows-streaming/".length());
        Reply reply = unknownChatflows.contains(id)
                ? error(
                        500,
                        "Error: chatflowsService.checkIfChatflowIsValidForStreaming - Chatflow " + id + " not found")
                : json(200, "{\"isStreaming\":" + !nonStreamingChatflows.contains(id) + "}");
        answerNow(reply, exchange);
    }

    private void abort(HttpExchange exchange) throws IOException {
        aborts.add(record(exchange));
        answerNow(json(200, "{\"status\":200,\"message\":\"Chat message aborted\"}"), exchange);
    }

    private void ping(HttpExchange exchange) throws IOException {
        pings.incrementAndGet();
        answerNow(
                pingAnswersPong ? fixed(200, "text/html; charset=utf-8", "pong") : error(500, "database down"),
                exchange);
    }

    private void answerNow(Reply reply, HttpExchange exchange) throws IOException {
        try {
            reply.answer(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static Received record(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Received(
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
