package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code @connections} hand-off the gateway offers the functions it runs (the functions' side is their
 * {@code InProcessPushes}): offered for exactly the functions' MANAGEMENT_API_ENDPOINT, answering as the internal
 * listener does.
 */
class InProcessConnectionsTest {
    private static final String ENDPOINT = "ibal.inProcess.connectionsEndpoint";
    private static final String HANDLER = "ibal.inProcess.connectionsHandler";
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @SuppressWarnings("unchecked")
    private static Object[] call(String method, String path, String body) {
        BiFunction<String[], byte[], Object[]> handler =
                (BiFunction<String[], byte[], Object[]>) System.getProperties().get(HANDLER);
        return handler.apply(new String[] {method, path}, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isOfferedForTheFunctionsOwnEndpoint_andDeliversLikeThePost() throws Exception {
        assertThat(System.getProperty(ENDPOINT)).isEqualTo(System.getProperty("MANAGEMENT_API_ENDPOINT"));
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"connectEvent\"}");
            String id = client.nextJson()
                    .get("event")
                    .get("requestContext")
                    .get("connectionId")
                    .asText();
            String path = "/fixture/@connections/" + id.replace("=", "%3D");

            Object[] answer = call("POST", path, "{\"type\":\"pong\"}");

            assertThat(answer[0]).isEqualTo(200);
            assertThat(answer[1]).isNull();
            assertThat(client.next()).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void anUnknownConnectionIsGone_andAnotherPathNotFound() {
        assertThat(call("POST", "/fixture/@connections/unknownConnX%3D", "lost"))
                .startsWith(410, "GoneException");
        assertThat(call("POST", "/2015-03-31/functions/x/invocations", "{}")[0]).isEqualTo(404);
    }
}
