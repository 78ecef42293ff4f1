package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API (payload format 2.0) against the fixture function, plus CORS and the gateway's own pages. */
class HttpApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of("IBAL_HTTP_INTEGRATION_TIMEOUT", "2s"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path));
    }

    @Test
    void event_isPayloadFormat2() throws Exception {
        HttpResponse<String> response = send(request("/api/echo?b=2&a=1&a=3")
                .header("Content-Type", "application/json")
                .header("X-Multi", "one")
                .header("Cookie", "c1=v1; c2=v2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"q\":1}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-fixture")).contains("yes");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2; HttpOnly");
        JsonNode event = WsClient.JSON.readTree(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("POST /api/echo");
        assertThat(event.path("rawPath").asText()).isEqualTo("/api/echo");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("b=2&a=1&a=3");
        assertThat(event.path("queryStringParameters").path("a").asText()).isEqualTo("1,3");
        assertThat(event.path("cookies").toString()).isEqualTo("[\"c1=v1\",\"c2=v2\"]");
        assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("one");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(event.path("headers").path("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(event.path("headers").path("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("headers").path("x-forwarded-port").asText()).matches("\\d+");
        assertThat(event.path("body").asText()).isEqualTo("{\"q\":1}");
        assertThat(event.path("isBase64Encoded").asBoolean(true)).isFalse();
        JsonNode rc = event.get("requestContext");
        assertThat(rc.path("http").path("method").asText()).isEqualTo("POST");
        assertThat(rc.path("http").path("path").asText()).isEqualTo("/api/echo");
        assertThat(rc.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(rc.path("http").path("protocol").asText()).startsWith("HTTP/1.1");
        assertThat(rc.path("stage").asText()).isEqualTo("$default");
        assertThat(rc.path("routeKey").asText()).isEqualTo("POST /api/echo");
        assertThat(rc.path("requestId").asText())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
        assertThat(rc.path("timeEpoch").asLong()).isPositive();
        assertThat(rc.path("domainName").asText()).isEqualTo("127.0.0.1:" + gateway.port());
    }

    @Test
    void binaryBody_isBase64Encoded() throws Exception {
        HttpResponse<String> response = send(request("/api/echo")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2, (byte) 255})));
        JsonNode event = WsClient.JSON.readTree(response.body());
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(event.path("body").asText()).isEqualTo("AAEC/w==");
    }

    @Test
    void pathParameters_andGreedyPaths_areMatched() throws Exception {
        JsonNode item = WsClient.JSON.readTree(
                send(request("/api/items/42").method("PATCH", HttpRequest.BodyPublishers.noBody()))
                        .body());
        assertThat(item.path("routeKey").asText()).isEqualTo("ANY /api/items/{id}");
        assertThat(item.path("pathParameters").path("id").asText()).isEqualTo("42");

        JsonNode file = WsClient.JSON.readTree(
                send(request("/api/files/a/b/c.txt").GET()).body());
        assertThat(file.path("pathParameters").path("proxy").asText()).isEqualTo("a/b/c.txt");
    }

    @Test
    void unknownRouteOrMethod_is404() throws Exception {
        assertThat(send(request("/api/nothing").GET()).statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = send(request("/api/crash").DELETE());
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void statusCodeFromTheFunction_isKept() throws Exception {
        assertThat(send(request("/api/created").POST(HttpRequest.BodyPublishers.ofString("{}")))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void responseWithoutStatusCode_is200JsonOfTheValue() throws Exception {
        HttpResponse<String> response = send(request("/api/raw").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void throwingFunction_gives500InternalServerError_andTheGatewayLivesOn() throws Exception {
        HttpResponse<String> response = send(request("/api/crash").GET());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(send(request("/api/raw").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void slowFunction_gives503AfterTheIntegrationTimeout() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(request("/api/slow?ms=3000").GET());
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        assertThat(waited).isBetween(1900L, 2900L);
    }

    @Test
    void preflight_isAnsweredByTheGatewayFromTheTemplatesCorsConfiguration() throws Exception {
        HttpResponse<String> allowed = send(request("/api/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).contains("https://app.example");
        assertThat(allowed.headers().firstValue("access-control-allow-methods")).contains("GET,POST,PATCH,DELETE");
        assertThat(allowed.headers().firstValue("access-control-allow-headers")).contains("authorization,content-type");
        assertThat(allowed.headers().firstValue("access-control-max-age")).contains("600");

        HttpResponse<String> stranger = send(request("/api/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(stranger.statusCode()).isEqualTo(204);
        assertThat(stranger.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void corsHeaders_onResponses_comeFromTheConfigurationNotTheFunction() throws Exception {
        HttpResponse<String> response = send(
                request("/api/echo").header("Origin", "https://app.example").GET());
        assertThat(response.headers().allValues("access-control-allow-origin")).containsExactly("https://app.example");
        assertThat(response.headers().firstValue("access-control-expose-headers"))
                .contains("x-fixture");
    }

    @Test
    void configJson_pointsClientsAtThisGateway_andIgnoresForwardedHeadersFromAnUntrustedPeer() throws Exception {
        JsonNode direct =
                WsClient.JSON.readTree(send(request("/config.json").GET()).body());
        assertThat(direct.path("wsUrl").asText()).isEqualTo("ws://127.0.0.1:" + gateway.port() + "/fixture");
        assertThat(direct.path("apiUrl").asText()).isEqualTo("http://127.0.0.1:" + gateway.port());

        // no IBAL_TRUSTED_PROXIES here: a client cannot point config.json elsewhere (TrustedProxiesTest: a proxy can)
        JsonNode forged = WsClient.JSON.readTree(send(request("/config.json")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "evil.example")
                        .GET())
                .body());
        assertThat(forged.path("wsUrl").asText()).isEqualTo("ws://127.0.0.1:" + gateway.port() + "/fixture");
    }

    @Test
    void withoutAFrontendBuild_thePlaceholderExplainsHowToBuildIt() throws Exception {
        HttpResponse<String> page = send(request("/").GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("npm ci").contains("npm run build").contains("make run");
        assertThat(page.body()).doesNotContain("_gateway");
    }
}
