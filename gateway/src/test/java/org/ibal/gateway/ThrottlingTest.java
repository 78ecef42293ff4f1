package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-connection inbound token bucket through a real socket (here 2 frames/s, a burst of 3): frames beyond it are
 * not routed, the client hears API Gateway's throttled-route answer at most once a second, and a sustained flood is
 * closed with 1008 and one log line.
 */
class ThrottlingTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of("IBAL_WS_MESSAGES_PER_SECOND", "2", "IBAL_WS_MESSAGE_BURST", "3"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static List<JsonNode> drain(WsClient client, long quietMillis) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        String message;
        while ((message = client.poll(quietMillis)) != null) {
            frames.add(WsClient.JSON.readTree(message));
        }
        return frames;
    }

    @Test
    void framesBeyondTheBucket_areNotRouted_andTheClientIsToldOnce() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            for (int i = 0; i < 10; i++) {
                client.send("{\"action\":\"echo\",\"n\":" + i + "}");
            }
            List<JsonNode> frames = drain(client, 1500);

            List<JsonNode> echoed = frames.stream()
                    .filter(f -> f.path("route").asText().equals("echo"))
                    .toList();
            List<JsonNode> throttled = frames.stream()
                    .filter(f -> f.path("message").asText().equals("Too Many Requests"))
                    .toList();
            assertThat(echoed).hasSize(3);
            assertThat(throttled).hasSize(1);
            assertThat(throttled.get(0).path("connectionId").asText()).hasSize(16);
            assertThat(throttled.get(0).path("requestId").asText()).isNotEmpty();

            Thread.sleep(1000); // two tokens back
            client.send("{\"action\":\"echo\",\"n\":10}");
            assertThat(client.nextJson().path("route").asText()).isEqualTo("echo");
        }
    }

    @Test
    void aSustainedFlood_isClosedWith1008_andLoggedOnce() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        WsClient.Closed closed;
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            long started = System.nanoTime();
            // 20 frames a second, ten times the rate, until the gateway closes (it must within 5-6 s)
            while (!client.closed.isDone() && System.nanoTime() - started < 12_000_000_000L) {
                try {
                    client.send("{\"action\":\"echo\"}");
                } catch (RuntimeException closing) {
                    break;
                }
                Thread.sleep(50);
            }
            closed = client.awaitClose(Duration.ofSeconds(5));
            long lasted = (System.nanoTime() - started) / 1_000_000;
            assertThat(lasted).isBetween(4_000L, 9_000L);
        } finally {
            System.setErr(err);
        }
        assertThat(closed.code()).isEqualTo(1008);
        assertThat(closed.reason()).isEqualTo("Policy Violation: message rate");
        String log = captured.toString();
        assertThat(log.lines()
                        .filter(line -> line.contains("with 1008 (message rate)"))
                        .count())
                .isEqualTo(1);
        assertThat(log).doesNotContain("\tat ");
    }
}
