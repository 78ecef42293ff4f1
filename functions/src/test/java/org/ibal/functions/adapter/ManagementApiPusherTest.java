package org.ibal.functions.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ibal.functions.adapter.dynamo.DynamoConnectionStore;
import org.ibal.functions.adapter.push.ManagementApiPusher;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.chat.ServerFrame;
import org.ibal.functions.domain.port.Pusher;
import org.ibal.functions.handler.ws.FrameJson;
import org.ibal.functions.support.DynamoDbLocal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/** The real SDK client against a tiny local @connections endpoint answering 200 or 410. */
@ExtendWith(DynamoDbLocal.class)
class ManagementApiPusherTest {
    private record Received(String method, String path, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final String table = DynamoDbLocal.newTable();
    private final DynamoConnectionStore connections = new DynamoConnectionStore(DynamoDbLocal.client(), table);
    private HttpServer server;
    private ManagementApiPusher pusher;

    @BeforeEach
    void startEndpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body));
            boolean gone = exchange.getRequestURI().getRawPath().contains("gone-");
            byte[] answer = gone ? "{\"message\":\"GoneException\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (gone && !exchange.getRequestURI().getRawPath().contains("gone-bare")) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
            }
            exchange.sendResponseHeaders(gone ? 410 : 200, gone ? answer.length : -1);
            if (gone) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        pusher = new ManagementApiPusher(
                connections,
                FrameJson::encode,
                endpoint -> ApiGatewayManagementApiClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.EU_WEST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    @AfterEach
    void stopEndpoint() {
        pusher.close();
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prod";
    }

    private void storeConnection(String connectionId) {
        connections.save(new Connection(
                connectionId,
                new Principal("u_1", "ada", "Ada", "local", null),
                Instant.parse("2026-11-24T09:00:00Z"),
                null));
    }

    @Test
    void push_postsTheFrameToTheConnectionsEndpoint_whenItAnswers200() {
        // given
        storeConnection("live-1=");

        // when
        Pusher.Delivery delivery =
                pusher.push(endpoint(), "live-1=", new ServerFrame.Pong(Instant.ofEpochMilli(1_795_338_000_000L)));

        // then
        assertThat(delivery).isEqualTo(Pusher.Delivery.DELIVERED);
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/prod/@connections/live-1%3D");
            assertThat(r.body()).isEqualTo("{\"type\":\"pong\",\"ts\":1795338000000}");
        });
        assertThat(connections.find("live-1=")).isPresent();
    }

    @Test
    void push_forgetsTheConnection_whenTheEndpointAnswers410Gone() {
        // given
        storeConnection("gone-1");

        // when
        Pusher.Delivery delivery = pusher.push(endpoint(), "gone-1", new ServerFrame.Pong(Instant.now()));

        // then
        assertThat(delivery).isEqualTo(Pusher.Delivery.GONE);
        assertThat(connections.find("gone-1")).isEmpty();
        assertThat(DynamoDbLocal.client()
                        .getItem(b -> b.tableName(table)
                                .key(Map.of(
                                        "pk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "CONN#gone-1"),
                                        "sk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CONN"))))
                        .hasItem())
                .isFalse();
    }

    @Test
    void push_treatsABare410AsGone_tooWithoutTheErrorTypeHeader() {
        storeConnection("gone-bare-1");

        Pusher.Delivery delivery = pusher.push(endpoint(), "gone-bare-1", new ServerFrame.Pong(Instant.now()));

        assertThat(delivery).isEqualTo(Pusher.Delivery.GONE);
        assertThat(connections.find("gone-bare-1")).isEmpty();
    }

    @Test
    void push_reusesOneClientPerEndpoint() {
        storeConnection("live-2");
        URI[] built = new URI[4];
        int[] count = {0};
        var counting = new ManagementApiPusher(connections, FrameJson::encode, endpoint -> {
            built[count[0]++] = endpoint;
            return ApiGatewayManagementApiClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        });

        for (int i = 0; i < 3; i++) {
            counting.push(endpoint(), "live-2", new ServerFrame.Pong(Instant.now()));
        }
        counting.close();

        assertThat(count[0]).isEqualTo(1);
        assertThat(received).hasSize(3);
    }
}
