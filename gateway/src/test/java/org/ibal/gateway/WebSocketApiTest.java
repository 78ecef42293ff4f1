package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket API against the fixture functions: event shapes, routing, route responses, failures. */
class WebSocketApiTest {
    private static Gateway gateway;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of("IBAL_INTEGRATION_TIMEOUT", "3s"));
        url = gateway.webSocketUrl();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void connectEvent_carriesHeadersQueryAndRequestContext_likeApiGateway() throws Exception {
        try (WsClient client = WsClient.connect(url + "?token=abc&tag=one&tag=two")) {
            client.send("{\"action\":\"connectEvent\"}");
            JsonNode event = client.nextJson().get("event");

            assertThat(event.path("headers").path("User-Agent").asText()).isEqualTo("ibal-test/1.0");
            assertThat(event.path("headers").has("Sec-WebSocket-Key")).isTrue();
            assertThat(event.path("multiValueHeaders").path("User-Agent").get(0).asText())
                    .isEqualTo("ibal-test/1.0");
            assertThat(event.path("queryStringParameters").path("token").asText())
                    .isEqualTo("abc");
            assertThat(event.path("queryStringParameters").path("tag").asText()).isEqualTo("two");
            assertThat(event.path("multiValueQueryStringParameters").path("tag").toString())
                    .isEqualTo("[\"one\",\"two\"]");
            assertThat(event.path("isBase64Encoded").asBoolean(true)).isFalse();
            JsonNode rc = event.get("requestContext");
            assertThat(rc.path("routeKey").asText()).isEqualTo("$connect");
            assertThat(rc.path("eventType").asText()).isEqualTo("CONNECT");
            assertThat(rc.path("messageDirection").asText()).isEqualTo("IN");
            assertThat(rc.path("stage").asText()).isEqualTo("fixture");
            assertThat(rc.path("apiId").asText()).isEqualTo("WebSocketApi");
            // this replica's internal authority: where functions that build their push endpoint from events reach it
            assertThat(rc.path("domainName").asText()).isEqualTo("127.0.0.1:" + gateway.internalPort());
            assertThat(rc.path("connectionId").asText()).matches("[A-Za-z0-9]{15}=");
            assertThat(rc.path("requestId").asText()).matches("[A-Za-z0-9]{15}=");
            assertThat(rc.path("requestTime").asText())
                    .matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
            assertThat(rc.path("connectedAt").asLong())
                    .isPositive()
                    .isLessThanOrEqualTo(rc.path("requestTimeEpoch").asLong());
            assertThat(rc.path("identity").path("sourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(rc.path("identity").path("userAgent").asText()).isEqualTo("ibal-test/1.0");
            assertThat(rc.has("messageId")).isFalse();
        }
    }

    @Test
    void messageEvent_hasBodyRouteKeyAndMessageId() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            client.send("{\"action\":\"echo\",\"n\":1}");
            JsonNode event = client.nextJson().get("event");

            assertThat(event.path("body").asText()).isEqualTo("{\"action\":\"echo\",\"n\":1}");
            assertThat(event.path("isBase64Encoded").asBoolean(true)).isFalse();
            JsonNode rc = event.get("requestContext");
            assertThat(rc.path("routeKey").asText()).isEqualTo("echo");
            assertThat(rc.path("eventType").asText()).isEqualTo("MESSAGE");
            assertThat(rc.path("messageId").asText()).matches("[A-Za-z0-9]{15}=");
            assertThat(event.has("headers")).isFalse();
        }
    }

    @Test
    void disconnectEvent_carriesTheClientsCloseCodeAndReason() throws Exception {
        String closedId;
        try (WsClient first = WsClient.connect(url)) {
            first.send("{\"action\":\"connectEvent\"}");
            closedId = first.nextJson()
                    .get("event")
                    .get("requestContext")
                    .get("connectionId")
                    .asText();
            first.socket().sendClose(4001, "leaving now").join();
            first.awaitClose(Duration.ofSeconds(5));
        }
        try (WsClient second = WsClient.connect(url)) {
            JsonNode event = null;
            for (int attempt = 0; attempt < 50 && (event == null || event.isNull()); attempt++) {
                second.send("{\"action\":\"disconnectEvent\",\"of\":\"" + closedId + "\"}");
                event = second.nextJson().get("event");
                Thread.sleep(50);
            }
            JsonNode rc = event.get("requestContext");
            assertThat(rc.path("eventType").asText()).isEqualTo("DISCONNECT");
            assertThat(rc.path("routeKey").asText()).isEqualTo("$disconnect");
            assertThat(rc.path("disconnectStatusCode").asInt()).isEqualTo(4001);
            assertThat(rc.path("disconnectReason").asText()).isEqualTo("leaving now");
            assertThat(rc.path("connectionId").asText()).isEqualTo(closedId);
        }
    }

    @Test
    void unknownActionsAndNonJson_goToDefault() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            client.send("{\"action\":\"nobodyHandlesThis\"}");
            assertThat(client.nextJson().path("route").asText()).isEqualTo("$default");
            client.send("not json at all");
            JsonNode answer = client.nextJson();
            assertThat(answer.path("route").asText()).isEqualTo("$default");
            assertThat(answer.path("body").asText()).isEqualTo("not json at all");
        }
    }

    @Test
    void routeWithRouteResponse_relaysTheFunctionsBody() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            client.send("{\"action\":\"reply\",\"text\":\"hi\"}");
            assertThat(client.next()).isEqualTo("relayed:hi");
        }
    }

    @Test
    void routeWithoutRouteResponse_relaysNothing() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            client.send("{\"action\":\"echo\"}");
            assertThat(client.nextJson().path("route").asText()).isEqualTo("echo");
            assertThat(client.poll(300)).isNull(); // "posted 200" stays with the gateway
        }
    }

    @Test
    void throwingFunction_givesApiGatewaysInternalServerErrorFrame_andTheConnectionLives() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            client.send("{\"action\":\"crash\"}");
            String frame = client.next();
            assertThat(frame)
                    .matches(
                            "\\{\"message\": \"Internal server error\", \"connectionId\":\"[A-Za-z0-9]{15}=\", \"requestId\":\"[A-Za-z0-9]{15}=\"}");

            client.send("{\"action\":\"lambdaError\"}");
            assertThat(client.nextJson().path("message").asText()).isEqualTo("Internal server error");

            client.send("{\"action\":\"echo\"}");
            assertThat(client.nextJson().path("route").asText()).isEqualTo("echo");
        }
    }

    @Test
    void slowFunction_givesTheTimeoutFrame_afterTheIntegrationTimeout() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            long start = System.nanoTime();
            client.send("{\"action\":\"sleep\",\"ms\":4500}");
            JsonNode frame = client.nextJson();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(frame.path("message").asText()).isEqualTo("Endpoint request timed out");
            assertThat(frame.path("connectionId").asText()).matches("[A-Za-z0-9]{15}=");
            assertThat(waited).isBetween(2900L, 4400L);
            // the late function keeps running and still reaches the client
            assertThat(client.nextJson().path("route").asText()).isEqualTo("sleep");
        }
    }

    @Test
    void connect_isRefusedWithTheFunctionsStatus_or500WhenItThrows() {
        assertThat(WsClient.refusedStatus(url + "?status=401")).isEqualTo(401);
        assertThat(WsClient.refusedStatus(url + "?status=429")).isEqualTo(429);
        assertThat(WsClient.refusedStatus(url + "?throw=1")).isEqualTo(500);
    }

    @Test
    void tokensInTheConnectQueryString_neverReachTheLogs() throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream tee = new java.io.PrintStream(captured, true);
        System.setOut(tee);
        System.setErr(tee);
        try {
            assertThat(WsClient.refusedStatus(url + "?token=SECRET-TOKEN-123&throw=1"))
                    .isEqualTo(500);
            assertThat(WsClient.refusedStatus(url + "?token=SECRET-TOKEN-123&status=401"))
                    .isEqualTo(401);
            try (WsClient client = WsClient.connect(url + "?token=SECRET-TOKEN-123")) {
                client.send("{\"action\":\"crash\"}");
                client.next();
                client.send("{\"action\":\"whoami\"}");
                client.next();
            }
            Thread.sleep(300);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        // the capture works (a function's log line is there; a failure already reported once is only counted)
        assertThat(captured.toString()).contains("whoami answered for").doesNotContain("SECRET-TOKEN-123");
    }

    @Test
    void subprotocolReturnedByConnect_isEchoedInTheHandshake() {
        try (WsClient client = WsClient.connect(url, "ibal.v1")) {
            assertThat(client.subprotocol()).isEqualTo("ibal.v1");
        }
    }

    @Test
    void functions_runIsolated_withTheTemplateEnvironmentAndALambdaContext() throws Exception {
        try (WsClient client = WsClient.connect(url)) {
            client.send("{\"action\":\"whoami\"}");
            JsonNode me = client.nextJson();
            assertThat(me.path("seesGatewayClasses").asBoolean(true)).isFalse();
            assertThat(me.path("seesJetty").asBoolean(true)).isFalse();
            assertThat(me.path("seesDynamoDbLocal").asBoolean(true)).isFalse();
            assertThat(me.path("loader").asText()).isEqualTo("lambda:fixture-functions.jar");
            assertThat(me.path("jacksonLoader").asText()).isEqualTo("lambda:fixture-functions.jar");
            assertThat(me.path("greeting").asText()).isEqualTo("hello-from-template");
            assertThat(me.path("dynamoEndpoint").asText()).isEqualTo(gateway.storeEndpoint());
            assertThat(me.path("managementEndpoint").asText()).isEqualTo(gateway.internalUrl() + "/fixture");
            assertThat(me.path("lambdaEndpoint").asText()).isEqualTo(gateway.internalUrl());
            assertThat(me.path("signingKeyIsPrivateEcJwk").asBoolean()).isTrue();
            assertThat(me.path("functionName").asText()).isEqualTo("MessageFunction");
            assertThat(me.path("awsRequestId").asText()).matches("[A-Za-z0-9]{15}=");
            assertThat(me.path("remainingMillis").asLong()).isBetween(1L, 30_000L);
        }
    }
}
