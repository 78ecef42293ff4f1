package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ibal.gateway.support.FixtureFunctions;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** Without a $default route, API Gateway itself answers an unmatched message with "Forbidden". */
class NoDefaultRouteTest {
    @Test
    void unmatchedMessage_getsApiGatewaysForbiddenFrame() throws Exception {
        var template = FixtureFunctions.variant(
                "no-default", text -> text.replaceAll("(?m)^  DefaultRoute:\\n.*\\n.*\\n", ""));
        try (Gateway gateway = TestGateway.start(template, Map.of());
                WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"nobody\"}");
            assertThat(client.next())
                    .matches(
                            "\\{\"message\": \"Forbidden\", \"connectionId\":\"[A-Za-z0-9]{15}=\", \"requestId\":\"[A-Za-z0-9]{15}=\"}");
            client.send("{\"action\":\"echo\"}");
            assertThat(client.nextJson().path("route").asText()).isEqualTo("echo");
        }
    }
}
