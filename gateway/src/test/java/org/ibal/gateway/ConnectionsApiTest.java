package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/** {@code @connections} on the internal listener through the unmodified AWS SDK client, as the functions call it. */
class ConnectionsApiTest {
    private static Gateway gateway;
    private static ApiGatewayManagementApiClient management;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of());
        management = InternalApi.management(gateway, "fixture");
    }

    @AfterAll
    static void stop() {
        management.close();
        gateway.close();
    }

    private static String connectionIdOf(WsClient client) throws Exception {
        client.send("{\"action\":\"connectEvent\"}");
        return client.nextJson()
                .get("event")
                .get("requestContext")
                .get("connectionId")
                .asText();
    }

    @Test
    void postToConnection_deliversTheBytesAsATextMessage() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            String id = connectionIdOf(client);
            management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("{\"type\":\"pong\"}")));
            assertThat(client.next()).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void health_countsEachDeliveredPost_butNotAGoneOne() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            String id = connectionIdOf(client);
            long before = postsToConnection();

            management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("one")));
            management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("two")));
            assertThatThrownBy(() -> management.postToConnection(
                            b -> b.connectionId("unknownConnX=").data(SdkBytes.fromUtf8String("lost"))))
                    .isInstanceOf(GoneException.class);

            assertThat(client.next()).isEqualTo("one");
            assertThat(postsToConnection() - before).isEqualTo(2);
        }
    }

    private static long postsToConnection() throws Exception {
        HttpResponse<String> response = InternalApi.get(gateway, "/_gateway/health");
        return WsClient.JSON.readTree(response.body()).path("postsToConnection").asLong(-1);
    }

    @Test
    void getConnection_describesItAndDeleteClosesIt() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            Instant before = Instant.now().minusSeconds(5);
            String id = connectionIdOf(client);
            GetConnectionResponse described = management.getConnection(b -> b.connectionId(id));
            assertThat(described.connectedAt()).isAfter(before);
            assertThat(described.lastActiveAt()).isAfterOrEqualTo(described.connectedAt());
            assertThat(described.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(described.identity().userAgent()).isEqualTo("ibal-test/1.0");

            management.deleteConnection(b -> b.connectionId(id));
            assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
        }
    }

    @Test
    void closedOrUnknownConnection_isGone() throws Exception {
        String id;
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            id = connectionIdOf(client);
            client.socket().sendClose(1000, "done").join();
            client.awaitClose(Duration.ofSeconds(5));
        }
        Thread.sleep(100);
        assertThatThrownBy(() ->
                        management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("late"))))
                .isInstanceOf(GoneException.class)
                .satisfies(e -> assertThat(((GoneException) e).statusCode()).isEqualTo(410));
        assertThatThrownBy(() -> management.getConnection(b -> b.connectionId("NoSuchConnectn=")))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void postOverTheMessageLimit_isRefusedWith413() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            String id = connectionIdOf(client);
            SdkBytes tooBig = SdkBytes.fromUtf8String("z".repeat(128 * 1024 + 1));
            assertThatThrownBy(() ->
                            management.postToConnection(b -> b.connectionId(id).data(tooBig)))
                    .isInstanceOf(PayloadTooLargeException.class);
            management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("still open")));
            assertThat(client.next()).isEqualTo("still open");
        }
    }

    @Test
    void functionPostingToAnotherConnection_reachesIt() throws Exception {
        try (WsClient alice = WsClient.connect(gateway.webSocketUrl());
                WsClient bob = WsClient.connect(gateway.webSocketUrl())) {
            String bobId = connectionIdOf(bob);
            alice.send("{\"action\":\"send\",\"to\":\"" + bobId + "\",\"text\":\"hi bob\"}");
            assertThat(bob.next()).isEqualTo("hi bob");
            JsonNode report = alice.nextJson();
            assertThat(report.path("status").asInt()).isEqualTo(200);
        }
    }
}
