package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.Events;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * {@code REPLY_MODE=async}: the sendMessage route stores and acks the question and queues a job for the function
 * itself; the job event, run through the same handler, streams the reply — once, however often Lambda delivers it.
 */
@ExtendWith(DynamoDbLocal.class)
class AsyncReplyTest {
    private static final String OWN_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:ibal-ChatFunction-AbC:live";

    private record Invocation(String function, String event) {}

    private final List<Invocation> queued = new CopyOnWriteArrayList<>();
    private final AtomicInteger modelCalls = new AtomicInteger();
    private final ChatModel countingModel = new ChatModel() {
        private final DemoChatModel demo = new DemoChatModel(java.time.Duration.ZERO);

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            modelCalls.incrementAndGet();
            return demo.stream(request, sink);
        }

        @Override
        public boolean healthy() {
            return true;
        }
    };
    private final TestStack stack = new TestStack(
            Map.of("REPLY_MODE", "async"),
            countingModel,
            (function, event) -> queued.add(new Invocation(function, event)));

    private static String send(String clientMessageId, String content) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("content", content));
    }

    private void runJob(String event) {
        int status =
                stack.wiring.chatHandler().apply(Events.webSocketEvent(event)).getStatusCode();
        assertThat(status).isEqualTo(200);
    }

    @Test
    void sendMessage_acksAndQueuesTheReply_onTheAliasItWasInvokedAs() {
        // given
        String connection = stack.connectAs(stack.register("ada"));

        // when
        stack.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);

        // then: only the ack so far, no model call, one job for this very function and alias
        List<JsonNode> frames = stack.pusher.drain(connection);
        assertThat(frames).extracting(f -> f.get("type").asString()).containsExactly("ack");
        assertThat(modelCalls).hasValue(0);
        assertThat(queued).singleElement().satisfies(job -> {
            assertThat(job.function()).isEqualTo(OWN_ARN);
            JsonNode event = Json.MAPPER.readTree(job.event());
            assertThat(event.get("requestContext").get("eventType").asString()).isEqualTo("IBAL_JOB");
            assertThat(event.get("requestContext").get("connectionId").asString())
                    .isEqualTo(connection);
            JsonNode body = Json.MAPPER.readTree(event.get("body").asString());
            assertThat(body.get("ibalJob").asString()).isEqualTo("reply");
            assertThat(body.get("sessionId").asString())
                    .isEqualTo(frames.getFirst().get("sessionId").asString());
            assertThat(body.get("clientMessageId").asString()).isEqualTo("c-1");
            assertThat(body.get("messageId").asString()).startsWith("m_");
        });
    }

    @Test
    void theJob_streamsTheReply_andRunningItAgain_changesNothing() {
        // given: a queued job
        String connection = stack.connectAs(stack.register("ada"));
        stack.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);
        JsonNode ack = stack.pusher.drain(connection).getFirst();
        String event = queued.getFirst().event();
        String replyId = Json.MAPPER
                .readTree(Json.MAPPER.readTree(event).get("body").asString())
                .get("messageId")
                .asString();

        // when: Lambda delivers it, then delivers it again (an asynchronous retry)
        runJob(event);
        List<JsonNode> first = stack.pusher.drain(connection);
        runJob(event);
        List<JsonNode> second = stack.pusher.drain(connection);

        // then
        assertThat(first.getLast().get("type").asString()).isEqualTo("message");
        assertThat(first.getLast().get("messageId").asString()).isEqualTo(replyId);
        assertThat(first.getLast().get("content").asString()).isEqualTo(DemoChatModel.replyTo("Why is the sea salty?"));
        assertThat(first.subList(0, first.size() - 1))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.get("type").asString()).isEqualTo("chunk"));
        assertThat(second).isEmpty();
        assertThat(modelCalls).hasValue(1);
        String sessionId = ack.get("sessionId").asString();
        assertThat(stack.items("SESSION#" + sessionId).stream()
                        .filter(i -> i.get("sk").s().startsWith("MSG#")))
                .hasSize(2);
    }

    @Test
    void aMessageHandedToAJob_costsTwoDynamoDbCallsInTheRoute_andThreeInTheJob_twoBeforeTheModel() {
        // given: a conversation under way
        String connection = stack.connectAs(stack.register("ada"));
        stack.sendOnly(connection, send("c-1", "First question"), OWN_ARN);
        runJob(queued.removeFirst().event());
        stack.pusher.drain(connection);
        stack.dynamoCalls.clear();

        // when
        stack.sendOnly(connection, send("c-2", "Second question"), OWN_ARN);
        List<String> route = stack.dynamoCalls.operations();
        stack.dynamoCalls.clear();
        runJob(queued.removeFirst().event());

        // then
        assertThat(route)
                .containsExactly(
                        "BatchGetItem", // the connection, its session, any exchange under this clientMessageId, last
                        // minute's count
                        "TransactWriteItems"); // the rate and the quota, the question, its guard, the session's
        // activity
        assertThat(stack.dynamoCalls.operations())
                .containsExactly(
                        "BatchGetItem", // the exchange's guard, the question, any stored reply, the connection
                        "PutItem", // the running reply, which a stop on another invocation finds
                        "TransactWriteItems"); // the reply, linked from the guard, the session's activity, the run
        // finished
        assertThat(stack.pusher.drain(connection).getLast().get("type").asString())
                .isEqualTo("message");
    }

    @Test
    void aJobWhoseSessionWasDeleted_answersSessionNotFound_insteadOfLeavingTheAckAlone() {
        // given: a queued job, then the learner deletes the session before it runs
        JsonNode ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        stack.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);
        String sessionId =
                stack.pusher.drain(connection).getFirst().get("sessionId").asString();
        stack.http(
                "DELETE", "/api/sessions/" + sessionId, ada.get("accessToken").asString(), null);

        // when
        runJob(queued.getFirst().event());

        // then
        assertThat(stack.pusher.drain(connection)).singleElement().satisfies(error -> {
            assertThat(error.get("code").asString()).isEqualTo("session_not_found");
            assertThat(error.get("replyTo").asString()).isEqualTo("c-1");
        });
        assertThat(modelCalls).hasValue(0);
    }

    @Test
    void twoDeliveriesAtOnce_streamTheReplyOnce() throws Exception {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        stack.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);
        stack.pusher.drain(connection);
        String event = queued.getFirst().event();

        // when: two concurrent invocations with the same job
        var one = java.util.concurrent.CompletableFuture.runAsync(() -> runJob(event));
        var two = java.util.concurrent.CompletableFuture.runAsync(() -> runJob(event));
        one.get();
        two.get();

        // then: the conditional write on the reply id let exactly one of them stream
        assertThat(modelCalls).hasValue(1);
        assertThat(stack.pusher.drain(connection))
                .filteredOn(f -> f.get("type").asString().equals("message"))
                .hasSize(1);
        assertThat(stack.items("RUN#"))
                .singleElement()
                .satisfies(run -> assertThat(run.get("sk").s()).startsWith("REPLY#m_"));
    }

    @Test
    void withoutAnInvocationContext_theReplyStreamsInline() {
        String connection = stack.connectAs(stack.register("ada"));

        List<JsonNode> frames = stack.send(connection, send("c-1", "Why is the sea salty?"));

        assertThat(queued).isEmpty();
        assertThat(frames.getLast().get("type").asString()).isEqualTo("message");
    }

    @Test
    void aJobForAConnectionThatIsGone_streamsNothing_andTheResentQuestionIsAnswered() {
        // given: the client left before the job ran
        String connection = stack.connectAs(stack.register("ada"));
        stack.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);
        stack.pusher.drain(connection);
        stack.wiring.disconnectHandler().apply(Events.webSocketEvent(Events.disconnect(connection)));

        // when
        runJob(queued.getFirst().event());

        // then: no model call for nobody; the question stays stored
        assertThat(modelCalls).hasValue(0);
        assertThat(stack.pusher.drain(connection)).isEmpty();
        assertThat(stack.items("SESSION#").stream().filter(i -> i.get("sk").s().startsWith("MSG#")))
                .hasSize(1);
    }

    @Test
    void aRefusedHandOff_answersARetryableError_andTheResendIsQueuedAgain() {
        // given: the first hand-off is refused (say, a missing permission)
        boolean[] refuse = {true};
        TestStack flaky = new TestStack(Map.of("REPLY_MODE", "async"), countingModel, (function, event) -> {
            if (refuse[0]) {
                throw new IllegalStateException("Lambda Invoke (Event) answered 403 AccessDeniedException");
            }
            queued.add(new Invocation(function, event));
        });
        String connection = flaky.connectAs(flaky.register("ada"));

        // when
        flaky.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);
        List<JsonNode> refused = flaky.pusher.drain(connection);
        refuse[0] = false;
        flaky.sendOnly(connection, send("c-1", "Why is the sea salty?"), OWN_ARN);
        List<JsonNode> resent = flaky.pusher.drain(connection);

        // then: the question was kept; the resend acks the same message and queues the reply
        assertThat(refused).extracting(f -> f.get("type").asString()).containsExactly("ack", "error");
        assertThat(refused.getLast().get("code").asString()).isEqualTo("internal");
        assertThat(refused.getLast().get("retryable").asBoolean()).isTrue();
        assertThat(refused.getLast().get("replyTo").asString()).isEqualTo("c-1");
        assertThat(resent).extracting(f -> f.get("type").asString()).containsExactly("ack");
        assertThat(resent.getFirst().get("messageId"))
                .isEqualTo(refused.getFirst().get("messageId"));
        assertThat(queued).hasSize(1);
    }
}
