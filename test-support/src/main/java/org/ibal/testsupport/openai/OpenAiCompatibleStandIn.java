package org.ibal.testsupport.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ibal.testsupport.JsonText;

/**
 * An OpenAI-compatible chat completions server for tests, on a random loopback port, speaking the wire format of
 * OpenAI's streaming API: {@code data: {"object":"chat.completion.chunk","choices":[{"delta":{...}}]}} events (a
 * role-only first chunk, one chunk per token, a {@code finish_reason} chunk), then {@code data: [DONE]}; errors as
 * {@code {"error":{"message","type","code"}}} with a non-2xx status. Each completion takes the next scripted
 * {@link Reply}, else streams the default tokens. Also answers {@code GET /v1/models}.
 *
 * <p>JDK only (no Jackson), as everything in test-support: requests are recorded raw.
 */
public final class OpenAiCompatibleStandIn implements AutoCloseable {
    public static final List<String> DEFAULT_TOKENS = List.of("This", " is", " the", " stand-in", " model.");

    /** A request as it arrived; header names lower case. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One scripted answer to a completion request. */
    @FunctionalInterface
    public interface Reply {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> completions = new CopyOnWriteArrayList<>();

    private OpenAiCompatibleStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::completion);
        server.createContext("/v1/models", exchange -> {
            try {
                json(
                                200,
                                "{\"object\":\"list\",\"data\":[{\"id\":\"standin\",\"object\":\"model\",\"owned_by\":\"ibal\"}]}")
                        .answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public static OpenAiCompatibleStandIn listening() {
        try {
            return new OpenAiCompatibleStandIn();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What OPENAI_BASE_URL should be. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public OpenAiCompatibleStandIn then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public List<Received> completions() {
        return List.copyOf(completions);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ------------------------------------------------------------------ replies

    /** A streamed completion of these tokens, each flushed on its own, with an optional pause before each. */
    public static Reply tokens(Duration pauseBefore, List<String> tokens) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            send(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            for (String token : tokens) {
                if (!pauseBefore.isZero()) {
                    Thread.sleep(pauseBefore);
                }
                send(out, chunk("{\"content\":" + JsonText.quote(token) + "}", null));
            }
            send(out, chunk("{}", "\"stop\""));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        };
    }

    /**
     * Tokens, then the usage chunk OpenAI sends last when asked with {@code stream_options.include_usage}
     * ({@code choices} empty).
     */
    public static Reply tokensWithUsage(int promptTokens, int completionTokens, String... tokens) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String token : tokens) {
                send(out, chunk("{\"content\":" + JsonText.quote(token) + "}", null));
            }
            send(out, chunk("{}", "\"stop\""));
            send(
                    out,
                    "{\"id\":\"chatcmpl-standin\",\"object\":\"chat.completion.chunk\",\"created\":1795510800,"
                            + "\"model\":\"standin\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                            + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
                            + (promptTokens + completionTokens) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        };
    }

    public static Reply tokens(String... tokens) {
        return tokens(Duration.ZERO, List.of(tokens));
    }

    /** Tokens, then an {@code error} chunk inside the 200 stream, as vLLM and LiteLLM send when generation fails. */
    public static Reply tokensThenError(String message, String... tokens) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String token : tokens) {
                send(out, chunk("{\"content\":" + JsonText.quote(token) + "}", null));
            }
            send(
                    out,
                    "{\"error\":{\"message\":" + JsonText.quote(message)
                            + ",\"type\":\"server_error\",\"code\":null}}");
            out.close();
        };
    }

    /** Tokens and then the body simply ends: no {@code [DONE]}. */
    public static Reply tokensWithoutDone(String... tokens) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String token : tokens) {
                send(out, chunk("{\"content\":" + JsonText.quote(token) + "}", null));
            }
            out.close();
        };
    }

    /** An OpenAI error body. */
    public static Reply error(int status, String type, String code, String message) {
        return json(
                status,
                "{\"error\":{\"message\":" + JsonText.quote(message) + ",\"type\":" + JsonText.quote(type)
                        + ",\"param\":null," + "\"code\":" + (code == null ? "null" : JsonText.quote(code)) + "}}");
    }

    /** A whole, non-streamed completion (a server that ignores {@code stream}). */
    public static Reply completion(String content) {
        return json(
                200,
                "{\"id\":\"chatcmpl-standin\",\"object\":\"chat.completion\",\"created\":1795510800,"
                        + "\"model\":\"standin\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                        + JsonText.quote(content) + "},\"finish_reason\":\"stop\"}]}");
    }

    public static Reply json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-standin\",\"object\":\"chat.completion.chunk\",\"created\":1795510800,"
                + "\"model\":\"standin\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,"
                + "\"finish_reason\":" + (finishReason == null ? "null" : finishReason) + "}]}";
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ------------------------------------------------------------------ routes

    private void completion(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        completions.add(new Received(
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
        Reply reply = script.poll();
        try {
            (reply != null ? reply : tokens(Duration.ZERO, new ArrayList<>(DEFAULT_TOKENS))).answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up (a stop): nothing more to send
        } finally {
            exchange.close();
        }
    }
}
