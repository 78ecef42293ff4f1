package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** Two gateways on one store: @connections on either reaches a connection held by the other. */
class MultiInstanceTest {
    private static ApiGatewayManagementApiClient managementOf(Gateway gateway) {
        return InternalApi.management(gateway, "fixture");
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
    void pushThroughOneInstance_reachesAConnectionHeldByAnother() throws Exception {
        Gateway a = TestGateway.fixture(Map.of());
        Gateway b = TestGateway.fixture(Map.of("IBAL_STORE", a.storeEndpoint()));
        try (ApiGatewayManagementApiClient viaB = managementOf(b);
                WsClient onA = WsClient.connect(a.webSocketUrl());
                WsClient onB = WsClient.connect(b.webSocketUrl())) {
            String idOnA = connectionIdOf(onA);
            String idOnB = connectionIdOf(onB);
            assertThat(idOnA.substring(0, 2)).isNotEqualTo(idOnB.substring(0, 2));

            viaB.postToConnection(r -> r.connectionId(idOnA).data(SdkBytes.fromUtf8String("across instances")));
            assertThat(onA.next()).isEqualTo("across instances");
            assertThat(viaB.getConnection(r -> r.connectionId(idOnA)).identity().userAgent())
                    .isEqualTo("ibal-test/1.0");

            // a function running on B pushes to a client on A through B's own @connections
            onB.send("{\"action\":\"send\",\"to\":\"" + idOnA + "\",\"text\":\"from a function on B\"}");
            assertThat(onA.next()).isEqualTo("from a function on B");

            viaB.deleteConnection(r -> r.connectionId(idOnA));
            assertThat(onA.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
            assertThatThrownBy(() ->
                            viaB.postToConnection(r -> r.connectionId(idOnA).data(SdkBytes.fromUtf8String("gone"))))
                    .isInstanceOf(GoneException.class);
        } finally {
            b.close();
            a.close();
        }
    }

    @Test
    void connectionOfAStoppedInstance_isGone() throws Exception {
        Gateway a = TestGateway.fixture(Map.of());
        Gateway b = TestGateway.fixture(Map.of("IBAL_STORE", a.storeEndpoint()));
        try (ApiGatewayManagementApiClient viaA = managementOf(a)) {
            String idOnB;
            try (WsClient onB = WsClient.connect(b.webSocketUrl())) {
                idOnB = connectionIdOf(onB);
                b.close();
                assertThat(onB.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1001);
            }
            assertThatThrownBy(() ->
                            viaA.postToConnection(r -> r.connectionId(idOnB).data(SdkBytes.fromUtf8String("late"))))
                    .isInstanceOf(GoneException.class);
        } finally {
            b.close();
            a.close();
        }
    }
}
