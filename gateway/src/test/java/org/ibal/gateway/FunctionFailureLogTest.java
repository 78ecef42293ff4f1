package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** A function that fails the same way on every frame fills the log with one stack trace, not one per frame. */
class FunctionFailureLogTest {
    @Test
    void fiftyIdenticalCrashes_logOneStackTrace() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Gateway gateway = TestGateway.fixture(Map.of("IBAL_WS_MESSAGES_PER_SECOND", "0"));
                WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            System.setErr(new PrintStream(captured, true));
            for (int i = 0; i < 50; i++) {
                client.send("{\"action\":\"crash\"}");
            }
            for (int i = 0; i < 50; i++) {
                assertThat(client.nextJson().path("message").asText()).isEqualTo("Internal server error");
            }
        } finally {
            System.setErr(err);
        }
        String log = captured.toString();
        assertThat(log.lines()
                        .filter(line -> line.contains("message fixture asked to crash"))
                        .count())
                .as(log)
                .isBetween(1L, 2L); // the message line, and the exception's own line in the trace
        assertThat(log.lines()
                        .filter(line -> line.contains("org.ibal.gateway.fixture.MessageHandler.handleRequest("))
                        .count())
                .isEqualTo(1);
    }
}
