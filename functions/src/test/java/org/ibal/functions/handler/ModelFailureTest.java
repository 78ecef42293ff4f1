package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** A model that fails, then recovers: the question stays stored and a retry with the same id gets the answer. */
@ExtendWith(DynamoDbLocal.class)
class ModelFailureTest {
    /** Fails its first {@code failures} calls after one delta, then answers like the demo model. */
    private static final class FlakyModel implements ChatModel {
        private final DemoChatModel demo = new DemoChatModel(java.time.Duration.ZERO);
        private final AtomicInteger calls = new AtomicInteger();
        private final int failures;
        private final boolean crash;

        FlakyModel(int failures, boolean crash) {
            this.failures = failures;
            this.crash = crash;
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            if (calls.incrementAndGet() <= failures) {
                sink.delta("Half an ans");
                if (crash) {
                    throw new IllegalStateException("connection reset by the model host");
                }
                throw new ModelUnavailableException("upstream 503", true, null);
            }
            return demo.stream(request, sink);
        }

        @Override
        public boolean healthy() {
            return calls.get() >= failures;
        }
    }

    private static final String SEND = "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-7\",\"content\":\"Why?\"}";

    @Test
    void aFailingModel_answersModelUnavailable_keepsTheQuestion_andTheRetryGetsTheAnswer() {
        // given
        FlakyModel model = new FlakyModel(1, false);
        TestStack stack = new TestStack(Map.of(), model);
        String connection = stack.connectAs(stack.register("ada"));

        // when
        List<JsonNode> failed = stack.send(connection, SEND);
        List<JsonNode> retried = stack.send(connection, SEND);

        // then: ack, the partial chunk, then the error
        assertThat(failed).extracting(f -> f.get("type").asString()).containsExactly("ack", "chunk", "error");
        JsonNode error = failed.getLast();
        assertThat(error.get("code").asString()).isEqualTo("model_unavailable");
        assertThat(error.get("retryable").asBoolean()).isTrue();
        assertThat(error.get("replyTo").asString()).isEqualTo("c-7");

        // and the retry acks the same stored message and streams a fresh, complete reply
        assertThat(retried.getFirst().get("messageId"))
                .isEqualTo(failed.getFirst().get("messageId"));
        assertThat(retried.getLast().get("type").asString()).isEqualTo("message");
        assertThat(retried.getLast().get("content").asString()).isEqualTo(DemoChatModel.replyTo("Why?"));
        assertThat(model.calls.get()).isEqualTo(2);
        String sessionId = failed.getFirst().get("sessionId").asString();
        assertThat(stack.items("SESSION#" + sessionId).stream()
                        .filter(i -> i.get("sk").s().startsWith("MSG#")))
                .extracting(i -> i.get("role").s())
                .containsExactlyInAnyOrder("user", "assistant");
    }

    @Test
    void anUnexpectedModelCrash_isReportedAsRetryableModelUnavailable_withoutDetails() {
        TestStack stack = new TestStack(Map.of(), new FlakyModel(1, true));
        String connection = stack.connectAs(stack.register("ada"));

        JsonNode error = stack.send(connection, SEND).getLast();

        assertThat(error.get("code").asString()).isEqualTo("model_unavailable");
        assertThat(error.get("retryable").asBoolean()).isTrue();
        assertThat(error.get("message").asString()).doesNotContain("connection reset");
    }

    @Test
    void health_reportsTheModel_unavailable_whenItsProbeFails() {
        TestStack stack = new TestStack(Map.of(), new FlakyModel(1, false));

        var health = stack.http("GET", "/api/health", null, null);

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().get("checks").get("model").asString()).isEqualTo("unavailable");
        assertThat(health.body().get("checks").get("store").asString()).isEqualTo("ok");
    }
}
