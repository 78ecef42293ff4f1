package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.ibal.gateway.support.CompressingWsClient;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** permessage-deflate within API Gateway's limits: every message they allow works compressed, nothing more. */
class CompressionTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aCompressedMessageOf100Kb_isRouted_andItsLongAnswerComesBackCompressed() throws Exception {
        try (CompressingWsClient client = new CompressingWsClient(gateway.webSocketUrl())) {
            assertThat(client.negotiatedExtensions()).contains("permessage-deflate");
            // 100 KB of text deflates to a few hundred bytes: one small frame on the wire, 100 KB once inflated
            String pad = "abcdefghij".repeat(10 * 1024);
            client.send("{\"action\":\"echo\",\"pad\":\"" + pad + "\"}");

            JsonNode echoed =
                    client.nextJson(frame -> frame.path("route").asText().equals("echo"));
            assertThat(echoed.path("event").path("body").asText()).contains(pad);
        }
    }

    @Test
    void aCompressedMessageInflatingPastTheMessageLimit_closesWith1009() throws Exception {
        try (CompressingWsClient client = new CompressingWsClient(gateway.webSocketUrl())) {
            // a deflate bomb in miniature: a few hundred bytes on the wire, 200 KB inflated
            client.send("{\"action\":\"echo\",\"pad\":\"" + "z".repeat(200 * 1024) + "\"}");

            assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
        }
    }
}
