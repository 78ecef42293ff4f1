package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.store.SigningKeys;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/** Two gateways with the real functions on one DynamoDB Local: one user, one store, either door. */
class RealFunctionsTwoInstancesTest {
    @Test
    void accountFromOneInstance_chatsOnTheOther_andPushesCrossInstances() throws Exception {
        String key = SigningKeys.generate();
        Gateway a = TestGateway.start(
                RealFunctionsTest.TEMPLATE, Map.of("DEMO_MODEL_DELAY_MS", "0", "JWT_SIGNING_KEY", key));
        Gateway b = null;
        try {
            b = TestGateway.start(
                    RealFunctionsTest.TEMPLATE,
                    Map.of("DEMO_MODEL_DELAY_MS", "0", "JWT_SIGNING_KEY", key, "IBAL_STORE", a.storeEndpoint()));
            String token = RealFunctionsTest.register(a, RealFunctionsTest.user())
                    .path("accessToken")
                    .asText();
            var before = b.connectionIds();
            try (WsClient onB = RealFunctionsTest.connect(b, token);
                    ApiGatewayManagementApiClient viaA = InternalApi.management(a, "prod")) {
                onB.send("{\"action\":\"hello\"}");
                String sessionId = onB.nextJson().path("sessionId").asText();
                List<JsonNode> frames = RealFunctionsTest.exchange(onB, sessionId, "c-1", "Hello from B");
                assertThat(frames.get(frames.size() - 1).path("content").asText())
                        .isNotEmpty();

                String idOnB = b.connectionIds().stream()
                        .filter(id -> !before.contains(id))
                        .findFirst()
                        .orElseThrow();
                viaA.postToConnection(
                        r -> r.connectionId(idOnB).data(SdkBytes.fromUtf8String("{\"type\":\"pong\",\"ts\":7}")));
                assertThat(onB.nextJson().path("ts").asLong()).isEqualTo(7);

                JsonNode history = WsClient.JSON.readTree(
                        RealFunctionsTest.get(a, "/api/sessions/" + sessionId + "/messages", token)
                                .body());
                assertThat(history.path("items")).hasSize(2);
            }
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }
}
