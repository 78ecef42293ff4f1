package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The "ghost bubble": a client whose connection dropped mid-reply reconnects and resends the question's
 * clientMessageId while the first attempt may still be streaming to the old connection (or its replica died). The
 * resend takes the reply over — same reply id, streamed from seq 0 to the new connection — the old attempt stops
 * without storing, and exactly one reply is stored. Each reply runs on its own thread, as concurrent invocations.
 */
@ExtendWith(DynamoDbLocal.class)
class ReplyAttemptsTest {
    private static final String QUESTION = ("Please explain, step by step and with examples, how the water cycle works "
                    + "and why evaporation, condensation and precipitation matter for the climate of the coast. ")
            .repeat(2);

    private final TestStack stack = new TestStack(Map.of("DEMO_MODEL_DELAY_MS", "40", "STREAM_COALESCE_MS", "0"));
    /** One thread per concurrent invocation (the common pool may have a single thread on a small machine). */
    private final java.util.concurrent.ExecutorService invocations =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().factory());

    private static String send(String clientMessageId) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("content", QUESTION));
    }

    /** A resend names the session its first attempt was acked in, as the clients do after a reconnect. */
    private static String resend(String clientMessageId, String sessionId) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("sessionId", sessionId)
                .put("content", QUESTION));
    }

    private List<JsonNode> framesTo(String connection) {
        return stack.pusher.all().stream()
                .filter(p -> p.connectionId().equals(connection))
                .map(p -> p.frame())
                .toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private boolean has(String connection, String type) {
        return framesTo(connection).stream()
                .anyMatch(f -> f.get("type").asString().equals(type));
    }

    @Test
    void aResendFromANewConnection_takesTheRunningReplyOver_andOneReplyIsStored() throws Exception {
        // given: a reply streaming to the first connection
        JsonNode ada = stack.register("ada");
        String dropped = stack.connectAs(ada);
        CompletableFuture<Void> first =
                CompletableFuture.runAsync(() -> stack.sendOnly(dropped, send("c-1"), null), invocations);
        await(() -> has(dropped, "chunk"));

        // when: the client reconnects and resends the same clientMessageId
        String sessionId = framesTo(dropped).getFirst().get("sessionId").asString();
        String reconnected = stack.connectAs(ada);
        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> stack.sendOnly(reconnected, resend("c-1", sessionId), null), invocations);
        await(() -> has(reconnected, "chunk") || has(reconnected, "error"));
        assertThat(framesTo(reconnected))
                .noneMatch(f -> f.get("type").asString().equals("error"));
        stack.clock.advance(Duration.ofSeconds(1)); // lets the first attempt poll its record
        first.get(20, TimeUnit.SECONDS);
        second.get(20, TimeUnit.SECONDS);

        // then: the new connection got the whole reply, from seq 0, under the same reply id
        List<JsonNode> frames = framesTo(reconnected);
        String questionId = framesTo(dropped).getFirst().get("messageId").asString();
        assertThat(frames.getFirst().get("type").asString()).isEqualTo("ack");
        assertThat(frames.getFirst().get("messageId").asString()).isEqualTo(questionId);
        JsonNode message = frames.getLast();
        assertThat(message.get("type").asString()).isEqualTo("message");
        assertThat(message.get("content").asString()).isEqualTo(DemoChatModel.replyTo(QUESTION));
        assertThat(message.get("stopped").asBoolean()).isFalse();
        assertThat(message.get("messageId").asString()).isEqualTo(questionId + "-r");
        assertThat(frames.get(1).get("seq").asInt()).isZero();
        // the first attempt stopped quietly: no message, no error to the old connection
        assertThat(framesTo(dropped))
                .noneMatch(f -> f.get("type").asString().equals("message")
                        || f.get("type").asString().equals("error"));
        assertThat(framesTo(dropped).stream()
                        .filter(f -> f.get("type").asString().equals("chunk"))
                        .count())
                .isLessThan(frames.size() - 2);
        assertThat(stack.items("SESSION#" + sessionId).stream()
                        .filter(i -> i.get("sk").s().startsWith("MSG#")))
                .extracting(i -> i.get("sk").s())
                .containsExactly("MSG#" + questionId, "MSG#" + questionId + "-r");
    }

    @Test
    void aResendAfterTheReplyWasStored_getsTheStoredReply_withoutAskingAgain() {
        // given
        TestStack quick = new TestStack(Map.of("STREAM_COALESCE_MS", "0"));
        JsonNode ada = quick.register("ada");
        String first = quick.connectAs(ada);
        List<JsonNode> original = quick.send(first, send("c-1"));

        // when: a reconnect resends it
        String second = quick.connectAs(ada);
        List<JsonNode> replayed = quick.send(
                second, resend("c-1", original.getFirst().get("sessionId").asString()));

        // then
        assertThat(replayed).extracting(f -> f.get("type").asString()).containsExactly("ack", "message");
        assertThat(replayed.getLast().get("messageId"))
                .isEqualTo(original.getLast().get("messageId"));
    }
}
