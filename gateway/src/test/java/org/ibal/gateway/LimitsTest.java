package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.ibal.gateway.support.RawWebSocket;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API Gateway's quotas: AWS's message and frame sizes, and tiny configured idle and lifetime limits. */
class LimitsTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of("IBAL_IDLE_TIMEOUT", "1500ms", "IBAL_CONNECTION_LIFETIME", "4000ms"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void fragmentedMessage_underTheMessageLimit_isReassembledAndRouted() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            String chunk = "x".repeat(25 * 1024);
            client.socket().sendText("{\"action\":\"echo\",\"pad\":\"", false).join();
            for (int i = 0; i < 4; i++) {
                client.socket().sendText(chunk, false).join();
            }
            client.socket().sendText("\"}", true).join();
            JsonNode event = client.nextJson().get("event");
            assertThat(event.path("body").asText()).hasSize(100 * 1024 + 26);
        }
    }

    @Test
    void messageOverTheMessageLimit_closesWith1009_evenInSmallFrames() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            String chunk = "x".repeat(26 * 1024);
            client.socket().sendText("{\"action\":\"echo\",\"pad\":\"", false).join();
            try {
                for (int i = 0; i < 5; i++) {
                    client.socket().sendText(chunk, false).join(); // one send at a time: the JDK client allows no more
                }
                client.socket().sendText("\"}", true).join();
            } catch (java.util.concurrent.CompletionException closedByTheServer) {
                // the gateway may close before the last fragment is out
            }
            assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
        }
    }

    @Test
    void frameOverTheFrameLimit_closesWith1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(gateway.webSocketUrl())) {
            raw.sendFrame(("{\"action\":\"echo\",\"pad\":\"" + "y".repeat(33 * 1024) + "\"}").getBytes(), true, false);
            assertThat(raw.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void framesUnderTheFrameLimit_formOneMessage() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(gateway.webSocketUrl())) {
            raw.sendFrame("{\"action\":\"ec".getBytes(), false, false);
            raw.sendFrame(("ho\",\"pad\":\"" + "y".repeat(31 * 1024) + "\"}").getBytes(), true, true);
            // the echo comes back; the connection then idles out normally
            assertThat(raw.awaitCloseCode()).isEqualTo(1001);
        }
    }

    @Test
    void idleConnection_isClosedAfterTheIdleTimeout() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            long start = System.nanoTime();
            WsClient.Closed closed = client.awaitClose(Duration.ofSeconds(5));
            long lived = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(lived).isBetween(1300L, 3000L);
        }
    }

    @Test
    void busyConnection_isClosedAtTheEndOfItsLifetime() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            long start = System.nanoTime();
            while (!client.closed.isDone() && System.nanoTime() - start < 8_000_000_000L) {
                client.socket().sendText("{\"action\":\"keepalive\"}", true);
                Thread.sleep(200);
            }
            long lived = (System.nanoTime() - start) / 1_000_000;
            WsClient.Closed closed = client.awaitClose(Duration.ofSeconds(1));
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(closed.reason()).isEqualTo("Going away");
            assertThat(lived).isBetween(3800L, 5200L);
        }
    }
}
