package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * {@code stop} arriving on another invocation than the one streaming: each reply runs on its own thread through the
 * chat handler, as concurrent Lambda invocations would, sharing only DynamoDB Local. The demo model pauses 80 ms
 * per delta, so a reply to the long question below takes almost two seconds.
 */
@ExtendWith(DynamoDbLocal.class)
class StopTest {
    private static final String QUESTION = ("Please explain, step by step and with examples, how the water cycle works "
                    + "and why evaporation, condensation and precipitation matter for the climate of the coast. ")
            .repeat(2);

    private final TestStack stack = new TestStack(Map.of("DEMO_MODEL_DELAY_MS", "80"));

    private static String send(String clientMessageId) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("content", QUESTION));
    }

    /** Starts a reply on its own thread (its own "invocation"); returns when the handler returned. */
    private CompletableFuture<Void> streamInBackground(String connection, String clientMessageId) {
        return CompletableFuture.runAsync(() -> stack.sendOnly(connection, send(clientMessageId), null));
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

    private boolean hasChunk(String connection) {
        return framesTo(connection).stream()
                .anyMatch(f -> f.get("type").asString().equals("chunk"));
    }

    /** The stop flag is read at most every 250 ms by the test clock, which only the test moves. */
    private void letTheStreamPollItsFlag() {
        stack.clock.advance(Duration.ofSeconds(1));
    }

    private Map<String, AttributeValue> storedReply(String sessionId, String replyId) {
        return stack.items("SESSION#" + sessionId).stream()
                .filter(i -> i.get("sk").s().equals("MSG#" + replyId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void stop_fromAnotherInvocation_endsTheReplyEarly_storesThePartialReply_andTheFinalFrameSaysStopped()
            throws Exception {
        // given: a reply streaming on one invocation
        String connection = stack.connectAs(stack.register("ada"));
        CompletableFuture<Void> streaming = streamInBackground(connection, "c-long");
        await(() -> hasChunk(connection));

        // when: stop arrives on another invocation, without a messageId (the session's running reply)
        stack.sendOnly(connection, "{\"action\":\"stop\"}", null);
        letTheStreamPollItsFlag();
        streaming.get(20, TimeUnit.SECONDS);

        // then
        List<JsonNode> frames = framesTo(connection);
        JsonNode message = frames.getLast();
        assertThat(message.get("type").asString()).isEqualTo("message");
        assertThat(message.get("stopped").asBoolean()).isTrue();
        String full = DemoChatModel.replyTo(QUESTION);
        String partial = message.get("content").asString();
        assertThat(partial).isNotEmpty().isNotEqualTo(full);
        assertThat(full).startsWith(partial);
        List<JsonNode> chunks = frames.stream()
                .filter(f -> f.get("type").asString().equals("chunk"))
                .toList();
        assertThat(chunks.stream().map(c -> c.get("delta").asString()).collect(Collectors.joining()))
                .isEqualTo(partial);
        assertThat(frames).noneMatch(f -> f.get("type").asString().equals("error"));

        Map<String, AttributeValue> stored = storedReply(
                message.get("sessionId").asString(), message.get("messageId").asString());
        assertThat(stored.get("stopped").bool()).isTrue();
        assertThat(stored.get("content").s()).isEqualTo(partial);
    }

    @Test
    void stop_byReplyId_fromTheUsersOtherConnection_endsThatReply() throws Exception {
        // given
        JsonNode ada = stack.register("ada");
        String streamingConnection = stack.connectAs(ada);
        String otherConnection = stack.connectAs(ada);
        CompletableFuture<Void> streaming = streamInBackground(streamingConnection, "c-1");
        await(() -> hasChunk(streamingConnection));
        String replyId = framesTo(streamingConnection).stream()
                .filter(f -> f.get("type").asString().equals("chunk"))
                .findFirst()
                .orElseThrow()
                .get("messageId")
                .asString();

        // when
        stack.sendOnly(otherConnection, "{\"action\":\"stop\",\"messageId\":\"" + replyId + "\"}", null);
        letTheStreamPollItsFlag();
        streaming.get(20, TimeUnit.SECONDS);

        // then
        JsonNode message = framesTo(streamingConnection).getLast();
        assertThat(message.get("messageId").asString()).isEqualTo(replyId);
        assertThat(message.get("stopped").asBoolean()).isTrue();
        assertThat(framesTo(otherConnection)).as("stop answers nothing itself").isEmpty();
    }

    @Test
    void stop_forSomeoneElsesReply_doesNothing() throws Exception {
        // given: Ada's reply streams; Bob knows its id
        String adaConnection = stack.connectAs(stack.register("ada"));
        String bobConnection = stack.connectAs(stack.register("bob"));
        CompletableFuture<Void> streaming = streamInBackground(adaConnection, "c-ada");
        await(() -> hasChunk(adaConnection));
        JsonNode firstChunk = framesTo(adaConnection).stream()
                .filter(f -> f.get("type").asString().equals("chunk"))
                .findFirst()
                .orElseThrow();

        // when: Bob stops by reply id, by question id, and "his session's running reply"
        stack.sendOnly(
                bobConnection,
                "{\"action\":\"stop\",\"messageId\":\""
                        + firstChunk.get("messageId").asString() + "\"}",
                null);
        stack.sendOnly(
                bobConnection,
                "{\"action\":\"stop\",\"messageId\":\""
                        + firstChunk.get("replyTo").asString() + "\"}",
                null);
        stack.sendOnly(bobConnection, "{\"action\":\"stop\"}", null);
        letTheStreamPollItsFlag();
        streaming.get(20, TimeUnit.SECONDS);

        // then: Ada's reply ran to its end, and Bob got no frame at all
        JsonNode message = framesTo(adaConnection).getLast();
        assertThat(message.get("stopped").asBoolean()).isFalse();
        assertThat(message.get("content").asString()).isEqualTo(DemoChatModel.replyTo(QUESTION));
        assertThat(framesTo(bobConnection)).isEmpty();
    }

    @Test
    void stop_withNothingRunning_isANoOpWithoutError() {
        // given: a finished reply
        String connection = stack.connectAs(stack.register("ada"));
        List<JsonNode> done = stack.send(connection, send("c-done"));
        String replyId = done.getLast().get("messageId").asString();

        // when
        List<JsonNode> byId = stack.send(connection, "{\"action\":\"stop\",\"messageId\":\"" + replyId + "\"}");
        List<JsonNode> bySession = stack.send(connection, "{\"action\":\"stop\"}");
        List<JsonNode> unknown = stack.send(connection, "{\"action\":\"stop\",\"messageId\":\"m_nothing\"}");

        // then: nothing answered, and the stored reply is unchanged
        assertThat(byId).isEmpty();
        assertThat(bySession).isEmpty();
        assertThat(unknown).isEmpty();
        Map<String, AttributeValue> stored =
                storedReply(done.getLast().get("sessionId").asString(), replyId);
        assertThat(stored).doesNotContainKey("stopped");
        assertThat(stack.items("RUN#"))
                .singleElement()
                .satisfies(run -> assertThat(run).containsKey("finishedAt").doesNotContainKey("stopRequestedAt"));
    }

    @Test
    void aStoppedReply_isStoredAsWhatStreamed_evenWhenTheModelReportsNoText() throws Exception {
        // given: a model that streams until cancelled, then (like a provider whose stream was cut) returns no text
        ChatModel cutShort = new ChatModel() {
            @Override
            public ModelReply stream(ModelRequest request, DeltaSink sink) {
                for (int i = 0; i < 500; i++) {
                    if (request.cancellation().requested()) {
                        return new ModelReply("", true, List.of(), List.of());
                    }
                    sink.delta("w" + i + " ");
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return new ModelReply("never stopped", false, List.of(), List.of());
            }

            @Override
            public boolean healthy() {
                return true;
            }
        };
        TestStack own = new TestStack(Map.of(), cutShort);
        String connection = own.connectAs(own.register("ada"));
        CompletableFuture<Void> streaming =
                CompletableFuture.runAsync(() -> own.sendOnly(connection, send("c-1"), null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (own.pusher.all().stream()
                .noneMatch(p -> p.frame().get("type").asString().equals("chunk"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }

        // when
        own.sendOnly(connection, "{\"action\":\"stop\"}", null);
        own.clock.advance(Duration.ofSeconds(1));
        streaming.get(20, TimeUnit.SECONDS);

        // then
        List<JsonNode> frames = own.pusher.drain(connection);
        String streamed = frames.stream()
                .filter(f -> f.get("type").asString().equals("chunk"))
                .map(c -> c.get("delta").asString())
                .collect(Collectors.joining());
        JsonNode message = frames.getLast();
        assertThat(streamed).startsWith("w0 ");
        assertThat(message.get("stopped").asBoolean()).isTrue();
        assertThat(message.get("content").asString()).isEqualTo(streamed);
    }
}
