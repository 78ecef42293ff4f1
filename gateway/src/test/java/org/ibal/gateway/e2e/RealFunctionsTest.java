package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * End to end: the project's template.yaml and the real functions jar, behind a real gateway, driven by
 * a real WebSocket client and HTTP client, exactly as the browser app drives them.
 */
class RealFunctionsTest {
    static final Path TEMPLATE = Path.of("..", "template.yaml");
    static final Path FUNCTIONS_JAR = Path.of("..", "functions", "target", "ibal-functions.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(FUNCTIONS_JAR)) {
            throw new IllegalStateException(FUNCTIONS_JAR + " is missing: build the functions first "
                    + "(./mvnw -pl gateway -am verify builds both)");
        }
        gateway = TestGateway.start(TEMPLATE, Map.of("DEMO_MODEL_DELAY_MS", "0", "ALLOWED_ORIGINS", LMS));
    }

    /** An Open edX LMS whose pages (the XBlock) call this IBAL, as compose and the docs configure it. */
    static final String LMS = "https://lms.example.edu";

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static JsonNode register(Gateway on, String username) throws Exception {
        HttpResponse<String> response = post(
                on,
                "/api/auth/register",
                "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\",\"displayName\":\"Ada L.\"}",
                null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return WsClient.JSON.readTree(response.body());
    }

    static HttpResponse<String> post(Gateway on, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(on.httpUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(Gateway on, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(on.httpUrl() + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String user() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static WsClient connect(Gateway on, String token) {
        return WsClient.connect(on.webSocketUrl() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** Sends a message and collects the ack, the chunks and the final message. */
    static List<JsonNode> exchange(WsClient client, String sessionId, String clientMessageId, String content)
            throws Exception {
        client.send("{\"action\":\"sendMessage\",\"sessionId\":\"" + sessionId + "\",\"clientMessageId\":\""
                + clientMessageId + "\",\"content\":\"" + content + "\"}");
        List<JsonNode> frames = new ArrayList<>();
        JsonNode frame;
        do {
            frame = client.nextJson();
            frames.add(frame);
            assertThat(frame.path("type").asText()).as(frame.toString()).isNotEqualTo("error");
        } while (!frame.path("type").asText().equals("message"));
        return frames;
    }

    @Test
    void theLmsOrigin_inAllowedOrigins_passesThePreflightOfTheXBlocksSignIn() throws Exception {
        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.httpUrl() + "/api/auth/lms"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", LMS)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains(LMS);
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElse(""))
                .contains("POST");

        HttpResponse<String> other = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.httpUrl() + "/api/auth/lms"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void health_isTheFunctionsRoute() throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.httpUrl() + "/api/health"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(WsClient.JSON.readTree(health.body()).path("status").asText())
                .isEqualTo("ok");
    }

    @Test
    void registerLoginChatAndReadHistory() throws Exception {
        String username = user();
        register(gateway, username);
        HttpResponse<String> login = post(
                gateway,
                "/api/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\"}",
                null);
        assertThat(login.statusCode()).isEqualTo(200);
        String token = WsClient.JSON.readTree(login.body()).path("accessToken").asText();

        String sessionId;
        try (WsClient client = connect(gateway, token)) {
            client.send("{\"action\":\"hello\"}");
            JsonNode info = client.nextJson();
            assertThat(info.path("type").asText()).isEqualTo("user_info");
            assertThat(info.path("username").asText()).isEqualTo(username);
            sessionId = info.path("sessionId").asText();

            List<JsonNode> frames = exchange(client, sessionId, "c-1", "Hello there");
            assertThat(frames.get(0).path("type").asText()).isEqualTo("ack");
            assertThat(frames.get(0).path("clientMessageId").asText()).isEqualTo("c-1");
            List<JsonNode> chunks = frames.stream()
                    .filter(f -> f.path("type").asText().equals("chunk"))
                    .toList();
            assertThat(chunks).isNotEmpty();
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(chunks.get(i).path("seq").asInt()).isEqualTo(i);
            }
            JsonNode message = frames.get(frames.size() - 1);
            StringBuilder streamed = new StringBuilder();
            chunks.forEach(c -> streamed.append(c.path("delta").asText()));
            assertThat(message.path("content").asText())
                    .isEqualTo(streamed.toString())
                    .isNotEmpty();
            assertThat(message.path("sessionId").asText()).isEqualTo(sessionId);
        }

        HttpResponse<String> history = get(gateway, "/api/sessions/" + sessionId + "/messages", token);
        assertThat(history.statusCode()).isEqualTo(200);
        JsonNode items = WsClient.JSON.readTree(history.body()).path("items");
        assertThat(items).hasSize(2);
        assertThat(items.findValuesAsText("role")).containsExactlyInAnyOrder("user", "assistant");
    }

    @Test
    void theFunctionsCallThisGatewayInProcess_neverSignedOverItsInternalListener() throws Exception {
        // given: the template's REPLY_MODE async: a message makes the chat function Invoke its reply job and push
        // frames, both to this gateway
        String token = register(gateway, user()).path("accessToken").asText();
        long before = signedCalls();

        // when
        try (WsClient client = connect(gateway, token)) {
            client.send("{\"action\":\"hello\"}");
            String sessionId = client.nextJson().path("sessionId").asText();
            List<JsonNode> frames = exchange(client, sessionId, "c-in-process", "Hello there");
            assertThat(frames.get(frames.size() - 1).path("type").asText()).isEqualTo("message");
        }

        // then: the Invoke and every push were method calls (InProcessOffer), not loopback HTTP to sign and verify
        assertThat(signedCalls() - before).isZero();
    }

    private static long signedCalls() throws Exception {
        HttpResponse<String> health = InternalApi.get(gateway, "/_gateway/health");
        return WsClient.JSON.readTree(health.body()).path("signedCalls").asLong(-1);
    }

    @Test
    void reconnect_resumesTheSession_andARepeatedClientMessageIdIsStoredOnce() throws Exception {
        String token = register(gateway, user()).path("accessToken").asText();
        String sessionId;
        JsonNode first;
        try (WsClient client = connect(gateway, token)) {
            client.send("{\"action\":\"hello\"}");
            sessionId = client.nextJson().path("sessionId").asText();
            List<JsonNode> frames = exchange(client, sessionId, "dup-1", "Count to three");
            first = frames.get(frames.size() - 1);
        }
        try (WsClient again = connect(gateway, token)) {
            again.send("{\"action\":\"hello\",\"sessionId\":\"" + sessionId + "\"}");
            assertThat(again.nextJson().path("sessionId").asText()).isEqualTo(sessionId);

            List<JsonNode> frames = exchange(again, sessionId, "dup-1", "Count to three");
            JsonNode repeated = frames.get(frames.size() - 1);
            assertThat(frames.get(0).path("type").asText()).isEqualTo("ack");
            assertThat(repeated.path("messageId").asText())
                    .isEqualTo(first.path("messageId").asText());
            assertThat(repeated.path("content").asText())
                    .isEqualTo(first.path("content").asText());
        }
        JsonNode items = WsClient.JSON
                .readTree(get(gateway, "/api/sessions/" + sessionId + "/messages", token)
                        .body())
                .path("items");
        assertThat(items).hasSize(2);
    }

    @Test
    void badTokens_areRefusedAtTheHandshake() throws Exception {
        String url = gateway.webSocketUrl();
        assertThat(WsClient.refusedStatus(url)).isEqualTo(401);
        assertThat(WsClient.refusedStatus(url + "?token=not-a-jwt")).isEqualTo(401);
        String token = register(gateway, user()).path("accessToken").asText();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(WsClient.refusedStatus(url + "?token=" + tampered)).isEqualTo(401);
    }

    @Test
    void managementClient_postsToALiveConnection_andGetsGoneForAClosedOne() throws Exception {
        String token = register(gateway, user()).path("accessToken").asText();
        try (ApiGatewayManagementApiClient management = InternalApi.management(gateway, "prod")) {
            var before = gateway.connectionIds();
            WsClient client = connect(gateway, token);
            client.send("{\"action\":\"ping\"}");
            assertThat(client.nextJson().path("type").asText()).isEqualTo("pong");
            String id = gateway.connectionIds().stream()
                    .filter(c -> !before.contains(c))
                    .findFirst()
                    .orElseThrow();
            management.postToConnection(
                    r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{\"type\":\"pong\",\"ts\":1}")));
            assertThat(client.nextJson().path("ts").asLong()).isEqualTo(1);
            client.socket().sendClose(1000, "bye").join();
            client.awaitClose(Duration.ofSeconds(5));
            Thread.sleep(100);
            assertThatThrownBy(() ->
                            management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("late"))))
                    .isInstanceOf(GoneException.class);
        }
    }
}
