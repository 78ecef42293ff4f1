package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's address in events, with and without a trusted proxy in front (here: this machine, 127.0.0.1). A
 * client-sent X-Forwarded-For never becomes {@code sourceIp} unless a trusted proxy passed it on, and the header the
 * functions see always ends with the real peer, as API Gateway appends it.
 */
class ClientAddressTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway direct;
    private static Gateway behindProxy;

    @BeforeAll
    static void start() throws Exception {
        direct = TestGateway.fixture(Map.of());
        behindProxy =
                TestGateway.fixture(Map.of("IBAL_TRUSTED_PROXIES", "127.0.0.1", "IBAL_STORE", direct.storeEndpoint()));
    }

    @AfterAll
    static void stop() {
        behindProxy.close();
        direct.close();
    }

    private static JsonNode httpEvent(Gateway gateway, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.httpUrl() + "/api/echo"))
                .GET();
        headers.forEach(request::header);
        return WsClient.JSON.readTree(
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode connectEvent(Gateway gateway, String xForwardedFor) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .header("X-Forwarded-For", xForwardedFor)
                .buildAsync(URI.create(gateway.webSocketUrl()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                })
                .join();
        try {
            socket.sendText("{\"action\":\"connectEvent\"}", true).join();
            return WsClient.JSON.readTree(reply.get(15, TimeUnit.SECONDS)).get("event");
        } finally {
            socket.sendClose(1000, "bye");
        }
    }

    @Test
    void withoutATrustedProxy_aForgedXForwardedFor_isNotTheSourceIp_andThePeerIsAppended() throws Exception {
        JsonNode http = httpEvent(direct, Map.of("X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https"));
        assertThat(http.path("requestContext").path("http").path("sourceIp").asText())
                .isEqualTo("127.0.0.1");
        assertThat(http.path("headers").path("x-forwarded-for").asText()).isEqualTo("6.6.6.6, 127.0.0.1");
        assertThat(http.path("headers").path("x-forwarded-proto").asText())
                .as("a client cannot claim https")
                .isEqualTo("http");

        JsonNode connect = connectEvent(direct, "6.6.6.6");
        assertThat(connect.path("requestContext")
                        .path("identity")
                        .path("sourceIp")
                        .asText())
                .isEqualTo("127.0.0.1");
        assertThat(connect.path("headers").path("X-Forwarded-For").asText()).isEqualTo("6.6.6.6, 127.0.0.1");
    }

    @Test
    void behindATrustedProxy_theClientIsWhomTheProxyNamed() throws Exception {
        JsonNode http =
                httpEvent(behindProxy, Map.of("X-Forwarded-For", "6.6.6.6, 203.0.113.9", "X-Forwarded-Proto", "https"));
        assertThat(http.path("requestContext").path("http").path("sourceIp").asText())
                .isEqualTo("203.0.113.9");
        assertThat(http.path("headers").path("x-forwarded-for").asText()).isEqualTo("6.6.6.6, 203.0.113.9, 127.0.0.1");
        assertThat(http.path("headers").path("x-forwarded-proto").asText()).isEqualTo("https");

        JsonNode connect = connectEvent(behindProxy, "6.6.6.6, 203.0.113.9");
        assertThat(connect.path("requestContext")
                        .path("identity")
                        .path("sourceIp")
                        .asText())
                .isEqualTo("203.0.113.9");
    }

    @Test
    void configJson_followsTheForwardedHostAndScheme_fromATrustedProxyOnly() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(behindProxy.httpUrl() + "/config.json"))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "chat.example.org")
                .build();
        JsonNode proxied = WsClient.JSON.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        assertThat(proxied.path("wsUrl").asText()).isEqualTo("wss://chat.example.org/fixture");
        assertThat(proxied.path("apiUrl").asText()).isEqualTo("https://chat.example.org");
    }
}
