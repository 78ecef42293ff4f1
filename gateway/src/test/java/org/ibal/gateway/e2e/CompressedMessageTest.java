package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.CompressingWsClient;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browsers negotiate permessage-deflate on every socket. A question at the functions' 4,000-character limit in CJK
 * (12 KB of UTF-8) must be answered like any other, compressed both ways, through the real functions.
 */
class CompressedMessageTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(RealFunctionsTest.TEMPLATE, Map.of("DEMO_MODEL_DELAY_MS", "0"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** {@code count} distinct-looking CJK ideographs, so deflate cannot shrink them to nothing. */
    static String cjk(int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append((char) (0x4E00 + (i * 7919) % 20000));
        }
        return text.toString();
    }

    @Test
    void aCompressed4000CharacterCjkQuestion_getsItsAckAndItsReply() throws Exception {
        // given: a learner on a socket that compresses, as a browser's does
        String token = RealFunctionsTest.register(gateway, RealFunctionsTest.user())
                .path("accessToken")
                .asText();
        try (CompressingWsClient socket = new CompressingWsClient(
                gateway.webSocketUrl() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))) {
            assertThat(socket.negotiatedExtensions()).contains("permessage-deflate");
            socket.send("{\"action\":\"hello\"}");
            String sessionId = socket.nextJson(
                            frame -> frame.path("type").asText().equals("user_info"))
                    .path("sessionId")
                    .asText();

            // when: a question of 4,000 CJK characters
            String question = cjk(4000);
            assertThat(question.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(8 * 1024);
            String clientMessageId = UUID.randomUUID().toString();
            socket.send("{\"action\":\"sendMessage\",\"sessionId\":\"" + sessionId + "\",\"clientMessageId\":\""
                    + clientMessageId + "\",\"content\":\"" + question + "\"}");

            // then: acknowledged, and answered in full (the demo model's reply quotes the question)
            JsonNode ack = socket.nextJson(frame -> frame.path("type").asText().equals("ack"));
            assertThat(ack.path("clientMessageId").asText()).isEqualTo(clientMessageId);
            JsonNode reply =
                    socket.nextJson(frame -> frame.path("type").asText().equals("message"));
            assertThat(reply.path("content").asText()).contains(question);
            assertThat(socket.closed).isNotDone();
        }
    }
}
