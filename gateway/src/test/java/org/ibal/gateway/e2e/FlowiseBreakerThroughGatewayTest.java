package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ibal.gateway.e2e.FlowiseThroughGatewayTest.finalMessage;
import static org.ibal.testsupport.flowise.FlowiseStandIn.error;
import static org.ibal.testsupport.flowise.FlowiseStandIn.stream;
import static org.ibal.testsupport.flowise.FlowiseWire.end;
import static org.ibal.testsupport.flowise.FlowiseWire.start;
import static org.ibal.testsupport.flowise.FlowiseWire.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.ibal.testsupport.flowise.FlowiseStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The model's circuit breaker seen from a WebSocket client and from Flowise: with the production thresholds (at
 * least 5 calls, 50 % failures) it opens, Flowise then gets no requests while learners get a retryable
 * model_unavailable at once, and after its wait (2 s here, MODEL_BREAKER_WAIT) trial calls close it again.
 */
class FlowiseBreakerThroughGatewayTest {
    @RegisterExtension
    static final FlowiseGateways stack = new FlowiseGateways(Map.of("MODEL_BREAKER_WAIT", "PT2S"));

    @Test
    void breaker_opensAfterFiveFailedCalls_refusesWithoutCallingFlowise_andRecoversAfterItsWait() throws Exception {
        FlowiseStandIn.Reply down = error(503, "Service Unavailable");
        stack.flowise().then(down, down, down, down, down, down);

        try (Learner ada = Learner.signUp(stack.gateway())) {
            assertModelUnavailable(ada.ask("c-1", "One?"), true);
            assertThat(stack.flowise().predictions())
                    .as("one call and two retries")
                    .hasSize(3);
            assertModelUnavailable(ada.ask("c-2", "Two?"), true);
            assertThat(stack.flowise().predictions())
                    .as("the fifth failed call opened the breaker before a third attempt")
                    .hasSize(5);

            long refusedAt = System.nanoTime();
            assertModelUnavailable(ada.ask("c-3", "Three?"), true);
            assertThat((System.nanoTime() - refusedAt) / 1_000_000)
                    .as("refused at once, no retries")
                    .isLessThan(1_500);
            assertThat(stack.flowise().predictions())
                    .as("open: Flowise is left alone")
                    .hasSize(5);

            stack.flowise().reset();
            stack.flowise()
                    .then(stream(start(), token("Recovered."), end()), stream(start(), token("Still fine."), end()));
            Thread.sleep(2_500);
            assertThat(finalMessage(ada.ask("c-4", "Four?")).path("content").asText())
                    .isEqualTo("Recovered.");
            assertThat(finalMessage(ada.ask("c-5", "Five?")).path("content").asText())
                    .isEqualTo("Still fine.");
            assertThat(stack.flowise().predictions()).hasSize(2);

            assertThat(ada.history())
                    .extracting(m -> m.path("role").asText())
                    .containsExactly("user", "user", "user", "user", "assistant", "user", "assistant");
        }
    }

    private static void assertModelUnavailable(List<JsonNode> frames, boolean retryable) {
        assertThat(frames).extracting(f -> f.path("type").asText()).containsExactly("ack", "error");
        assertThat(frames.getLast().path("code").asText()).isEqualTo("model_unavailable");
        assertThat(frames.getLast().path("retryable").asBoolean()).isEqualTo(retryable);
    }
}
