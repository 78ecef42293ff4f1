package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reply that takes longer than the integration timeout (29 s on AWS, 2 s here, still enough to register
 * and connect on a busy machine) still arrives whole: the
 * sendMessage route acks and hands the reply to an asynchronous invocation of the chat function (the template's
 * REPLY_MODE async) through the gateway's Lambda Invoke API, so the route itself never times out.
 */
class LongReplyTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(RealFunctionsTest.FUNCTIONS_JAR)) {
            throw new IllegalStateException(RealFunctionsTest.FUNCTIONS_JAR + " is missing: build the functions first");
        }
        gateway = TestGateway.start(
                RealFunctionsTest.TEMPLATE, Map.of("DEMO_MODEL_DELAY_MS", "500", "IBAL_INTEGRATION_TIMEOUT", "2s"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aReplyLongerThanTheIntegrationTimeout_streamsEveryChunkAndTheFinalMessage() throws Exception {
        String token = RealFunctionsTest.register(gateway, RealFunctionsTest.user())
                .path("accessToken")
                .asText();
        try (WsClient client = RealFunctionsTest.connect(gateway, token)) {
            client.send("{\"action\":\"hello\"}");
            String sessionId = client.nextJson().path("sessionId").asText();
            long started = System.nanoTime();

            client.send("{\"action\":\"sendMessage\",\"sessionId\":\"" + sessionId
                    + "\",\"clientMessageId\":\"c-long\",\"content\":\"Tell me a long story about the sea please\"}");
            List<JsonNode> frames = new ArrayList<>();
            JsonNode frame;
            do {
                frame = client.nextJson();
                frames.add(frame);
            } while (!frame.path("type").asText().equals("message") && !frame.has("message"));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(frames).as("no timeout frame, no error").allSatisfy(f -> {
                assertThat(f.has("message") && !f.has("type")).as(f.toString()).isFalse();
                assertThat(f.path("type").asText()).isNotEqualTo("error");
            });
            assertThat(tookMs)
                    .as("the reply (9 deltas, 500 ms apart) outlasted the 2 s integration timeout")
                    .isGreaterThan(3_000);
            assertThat(frames.getFirst().path("type").asText()).isEqualTo("ack");
            List<JsonNode> chunks = frames.stream()
                    .filter(f -> f.path("type").asText().equals("chunk"))
                    .toList();
            assertThat(chunks).hasSizeGreaterThan(2);
            StringBuilder streamed = new StringBuilder();
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(chunks.get(i).path("seq").asInt()).isEqualTo(i);
                streamed.append(chunks.get(i).path("delta").asText());
            }
            JsonNode message = frames.getLast();
            assertThat(message.path("type").asText()).isEqualTo("message");
            assertThat(message.path("content").asText())
                    .isEqualTo(streamed.toString())
                    .startsWith("This is the demo model.");
            assertThat(message.path("stopped").asBoolean()).isFalse();
        }
    }
}
