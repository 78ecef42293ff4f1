package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.adapter.model.resilience.BulkheadChatModel;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * MODEL_MAX_CONCURRENT_CALLS on a self-hosted gateway: with two replies streaming, a third learner is refused at
 * once with a retryable model_unavailable, the model is not called for it, nothing is lost (the question stays
 * stored) and the resend with the same clientMessageId is answered once a place is free.
 */
@ExtendWith(DynamoDbLocal.class)
class BulkheadTest {
    /** Answers like the demo model, but only once the test lets each call through. */
    private static final class GatedModel implements ChatModel {
        private final DemoChatModel demo = new DemoChatModel(Duration.ZERO);
        private final Semaphore gate = new Semaphore(0);
        private final CountDownLatch inside;
        private final AtomicInteger calls = new AtomicInteger();

        GatedModel(int expectedInside) {
            inside = new CountDownLatch(expectedInside);
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            calls.incrementAndGet();
            inside.countDown();
            try {
                if (!gate.tryAcquire(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return demo.stream(request, sink);
        }

        @Override
        public boolean healthy() {
            return true;
        }
    }

    private static String send(String clientMessageId) {
        return "{\"action\":\"sendMessage\",\"clientMessageId\":\"" + clientMessageId + "\",\"content\":\"Why?\"}";
    }

    @Test
    void aReplyOverTheCap_isRefusedRetryably_withoutCallingTheModel_andItsResendIsAnswered() throws Exception {
        // given two learners whose replies hold both places
        GatedModel model = new GatedModel(2);
        TestStack stack = new TestStack(Map.of(), new BulkheadChatModel(model, 2));
        String ada = stack.connectAs(stack.register("ada"));
        String bob = stack.connectAs(stack.register("bob"));
        String cyd = stack.connectAs(stack.register("cyd"));
        // Own threads: the common pool has a single thread on a 2-core machine.
        ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<List<JsonNode>> adaReply =
                CompletableFuture.supplyAsync(() -> stack.send(ada, send("a-1")), invocations);
        CompletableFuture<List<JsonNode>> bobReply =
                CompletableFuture.supplyAsync(() -> stack.send(bob, send("b-1")), invocations);
        assertThat(model.inside.await(20, TimeUnit.SECONDS))
                .as("both replies reached the model")
                .isTrue();

        // when a third asks
        List<JsonNode> refused = stack.send(cyd, send("c-1"));

        // then it is acked (stored) and refused at once, retryable, and the model was not asked
        assertThat(refused).extracting(f -> f.get("type").asString()).containsExactly("ack", "error");
        assertThat(refused.getLast().get("code").asString()).isEqualTo("model_unavailable");
        assertThat(refused.getLast().get("retryable").asBoolean()).isTrue();
        assertThat(model.calls.get()).isEqualTo(2);
        String cydSession = refused.getFirst().get("sessionId").asString();
        assertThat(messageRoles(stack, cydSession)).containsExactly("user");

        // and once the two finish, both complete and the resend gets its answer
        model.gate.release(3);
        assertThat(adaReply.get(20, TimeUnit.SECONDS).getLast().get("type").asString())
                .isEqualTo("message");
        assertThat(bobReply.get(20, TimeUnit.SECONDS).getLast().get("type").asString())
                .isEqualTo("message");
        List<JsonNode> resent = stack.send(cyd, send("c-1"));
        assertThat(resent.getFirst().get("messageId"))
                .isEqualTo(refused.getFirst().get("messageId"));
        assertThat(resent.getLast().get("content").asString()).isEqualTo(DemoChatModel.replyTo("Why?"));
        assertThat(messageRoles(stack, cydSession)).containsExactlyInAnyOrder("user", "assistant");
        invocations.close();
    }

    private static List<String> messageRoles(TestStack stack, String sessionId) {
        return stack.items("SESSION#" + sessionId).stream()
                .filter(i -> i.get("sk").s().startsWith("MSG#"))
                .map(i -> i.get("role").s())
                .toList();
    }
}
