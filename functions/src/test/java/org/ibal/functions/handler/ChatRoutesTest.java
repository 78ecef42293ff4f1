package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

@ExtendWith(DynamoDbLocal.class)
class ChatRoutesTest {
    // One chunk per delta here; StreamingTest covers coalescing.
    private final TestStack stack = new TestStack(java.util.Map.of("STREAM_COALESCE_MS", "0"));

    private static String send(String clientMessageId, String content) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("content", content));
    }

    @Test
    void hello_opensSession_andAnswersUserInfo() {
        // given
        JsonNode ada = stack.register("ada");
        String connection = stack.connectAs(ada);

        // when
        List<JsonNode> frames = stack.send(connection, "{\"action\":\"hello\"}");

        // then
        assertThat(frames).hasSize(1);
        JsonNode info = frames.getFirst();
        assertThat(info.get("type").asString()).isEqualTo("user_info");
        assertThat(info.get("username").asString())
                .isEqualTo(ada.get("user").get("username").asString());
        assertThat(info.get("displayName").asString()).isEqualTo("User ada");
        assertThat(info.get("sessionId").asString()).startsWith("s_");
        assertThat(info.get("ts").asLong()).isEqualTo(stack.clock.millis());
        assertThat(stack.items("SESSION#" + info.get("sessionId").asString())).hasSize(1);
    }

    @Test
    void hello_resumesOwnSession_butNotAnotherUsers() {
        // given
        String adaConnection = stack.connectAs(stack.register("ada"));
        String sessionId = stack.send(adaConnection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        String bobConnection = stack.connectAs(stack.register("bob"));

        // when
        JsonNode resumed = stack.send(stack.connectAs(stack.register("ada2")), "{\"action\":\"ping\"}")
                .getFirst();
        JsonNode adaAgain = stack.send(adaConnection, "{\"action\":\"hello\",\"sessionId\":\"" + sessionId + "\"}")
                .getFirst();
        JsonNode bobTries = stack.send(bobConnection, "{\"action\":\"hello\",\"sessionId\":\"" + sessionId + "\"}")
                .getFirst();

        // then
        assertThat(resumed.get("type").asString()).isEqualTo("pong");
        assertThat(adaAgain.get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(bobTries.get("type").asString()).isEqualTo("error");
        assertThat(bobTries.get("code").asString()).isEqualTo("session_not_found");
        assertThat(bobTries.get("retryable").asBoolean()).isFalse();
    }

    @Test
    void aMessageInAnOpenSession_costsThreeDynamoDbCalls_twoBeforeTheModelIsAsked() {
        // given: a conversation under way
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, send("c-1", "First question"));
        stack.dynamoCalls.clear();

        // when
        stack.send(connection, send("c-2", "Second question"));

        // then: each call is a round trip on AWS; the first two stand between the user and the first token
        assertThat(stack.dynamoCalls.operations())
                .containsExactly(
                        "BatchGetItem", // the connection, its session, any exchange under this clientMessageId, last
                        // minute's count,
                        // the caller's account (suspended?)
                        // the per-minute rate and the daily quota, the question, its guard, the session's activity, and
                        // the
                        // running reply (which a stop on another invocation finds)
                        "TransactWriteItems",
                        "TransactWriteItems"); // the reply, linked from the guard, the session's activity, the run
        // finished
    }

    @Test
    void anInstanceThatNeverSawTheConnection_readsItFirst() {
        // given: a conversation under way, then an instance with no hints (a fresh Lambda container)
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, send("c-1", "First question"));
        TestStack fresh = stack.sameTableInstance();
        fresh.dynamoCalls.clear();

        // when
        List<JsonNode> frames = fresh.send(connection, send("c-2", "Second question"));

        // then
        assertThat(frames.getLast().get("type").asString()).isEqualTo("message");
        assertThat(fresh.dynamoCalls.operations())
                .startsWith(
                        "GetItem", // the connection: who asks, in which session
                        "BatchGetItem", // that session, any exchange under this clientMessageId, last minute's message
                        // count
                        "TransactWriteItems");
    }

    @Test
    void aConnectionMovedToAnotherSessionElsewhere_sendsIntoThatSession() {
        // given: this instance last saw the connection in its first session; another instance moves it on
        JsonNode ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        String first = stack.send(connection, send("c-1", "First question"))
                .getFirst()
                .get("sessionId")
                .asString();
        TestStack other = stack.sameTableInstance();
        other.send(connection, "{\"action\":\"hello\"}");
        String second = other.send(connection, send("c-2", "In the new chat"))
                .getFirst()
                .get("sessionId")
                .asString();

        // when: the next message reaches this instance again
        JsonNode ack = stack.send(connection, send("c-3", "Still the new chat")).getFirst();

        // then
        assertThat(second).isNotEqualTo(first);
        assertThat(ack.get("type").asString()).isEqualTo("ack");
        assertThat(ack.get("sessionId").asString()).isEqualTo(second);
    }

    @Test
    void aReplayedMessage_costsFourDynamoDbCalls_andNoModelCall() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, send("c-1", "First question"));
        stack.dynamoCalls.clear();

        // when
        stack.send(connection, send("c-1", "First question"));

        // then
        assertThat(stack.dynamoCalls.operations())
                .containsExactly(
                        "BatchGetItem", // the connection, the session, the exchange's guard, last minute's message
                        // count
                        "GetItem",
                        "GetItem", // the question and the reply the guard points at
                        "UpdateItem"); // the replay, counted against the per-minute rate
    }

    @Test
    void helloWithoutASession_reusingAnEmptyOne_costsFiveDynamoDbCalls() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, "{\"action\":\"hello\"}");
        stack.dynamoCalls.clear();

        // when
        stack.send(connection, "{\"action\":\"hello\"}");

        // then
        assertThat(stack.dynamoCalls.operations())
                .containsExactly(
                        "GetItem", // the connection
                        "GetItem", // the caller's account: not suspended
                        "Query", // the caller's classes (none: the chat belongs to no class)
                        "Query", // the newest session (gsi1): it has no message yet, so it is reused
                        "UpdateItem"); // the connection's session
    }

    @Test
    void sendMessage_acksStreamsChunksInOrder_andStoresBothMessages() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        String question = "What is the capital of France and why is it famous?";

        // when
        List<JsonNode> frames = stack.send(connection, send("c-1", question));

        // then
        assertThat(frames.getFirst().get("type").asString()).isEqualTo("ack");
        JsonNode ack = frames.getFirst();
        assertThat(ack.get("clientMessageId").asString()).isEqualTo("c-1");
        String userMessageId = ack.get("messageId").asString();
        String sessionId = ack.get("sessionId").asString();

        List<JsonNode> chunks = frames.subList(1, frames.size() - 1);
        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(c -> {
            assertThat(c.get("type").asString()).isEqualTo("chunk");
            assertThat(c.get("replyTo").asString()).isEqualTo(userMessageId);
        });
        assertThat(chunks.stream().map(c -> c.get("seq").asInt()).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, chunks.size())
                        .boxed()
                        .toList());

        JsonNode message = frames.getLast();
        String expected = DemoChatModel.replyTo(question);
        assertThat(message.get("type").asString()).isEqualTo("message");
        assertThat(message.get("content").asString())
                .isEqualTo(expected)
                .isEqualTo(chunks.stream().map(c -> c.get("delta").asString()).collect(Collectors.joining()));
        assertThat(message.get("replyTo").asString()).isEqualTo(userMessageId);
        assertThat(message.get("role").asString()).isEqualTo("assistant");
        assertThat(message.get("stopped").asBoolean()).isFalse();
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.get("messageId").asString())
                        .isEqualTo(message.get("messageId").asString()));

        var stored = stack.items("SESSION#" + sessionId).stream()
                .filter(i -> i.get("sk").s().startsWith("MSG#"))
                .toList();
        assertThat(stored).extracting(i -> i.get("content").s()).containsExactlyInAnyOrder(question, expected);
    }

    @Test
    void sendMessage_storesOnce_andReplaysTheReply_whenClientRetriesTheSameId() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        List<JsonNode> first = stack.send(connection, send("c-retry", "Tell me about photosynthesis"));
        String sessionId = first.getFirst().get("sessionId").asString();

        // when
        List<JsonNode> again = stack.send(connection, send("c-retry", "Tell me about photosynthesis"));

        // then: the same ack and the same final message, and no chunk (no second model call)
        assertThat(again).hasSize(2);
        assertThat(again.get(0).get("messageId")).isEqualTo(first.getFirst().get("messageId"));
        assertThat(again.get(1).get("messageId")).isEqualTo(first.getLast().get("messageId"));
        assertThat(again.get(1).get("content")).isEqualTo(first.getLast().get("content"));
        assertThat(stack.items("SESSION#" + sessionId).stream()
                        .filter(i -> i.get("sk").s().startsWith("MSG#")))
                .hasSize(2);
    }

    @Test
    void sendMessage_continuesTheHelloSession_andTitlesItFromTheFirstMessage() {
        // given
        JsonNode ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        String sessionId = stack.send(connection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();

        // when
        JsonNode ack = stack.send(connection, send("c-1", "Explain   recursion\nsimply"))
                .getFirst();

        // then
        assertThat(ack.get("sessionId").asString()).isEqualTo(sessionId);
        var sessions = stack.http("GET", "/api/sessions", ada.get("accessToken").asString(), null);
        assertThat(sessions.body().get("items").get(0).get("title").asString()).isEqualTo("Explain recursion simply");
    }

    @Test
    void sendMessage_stopsPushing_butStillStoresTheReply_whenTheClientLeavesMidStream() {
        // given
        JsonNode ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        stack.pusher.goneAfter(connection, 2);

        // when
        List<JsonNode> delivered = stack.send(connection, send("c-gone", "A question asked just before leaving"));

        // then: ack and one chunk arrived, the next push found the client gone, and nothing more was tried
        assertThat(delivered).extracting(f -> f.get("type").asString()).containsExactly("ack", "chunk");
        assertThat(stack.pusher.attempts(connection)).isEqualTo(3);
        String sessionId = delivered.getFirst().get("sessionId").asString();
        var messages = stack.http(
                        "GET",
                        "/api/sessions/" + sessionId + "/messages",
                        ada.get("accessToken").asString(),
                        null)
                .body()
                .get("items");
        assertThat(messages.get(0).get("content").asString())
                .isEqualTo(DemoChatModel.replyTo("A question asked just before leaving"));
    }

    @Test
    void ping_answersPong() {
        String connection = stack.connectAs(stack.register("ada"));

        List<JsonNode> frames = stack.send(connection, "{\"action\":\"ping\"}");

        assertThat(frames)
                .singleElement()
                .satisfies(f -> assertThat(f.get("type").asString()).isEqualTo("pong"));
    }

    @Test
    void disconnect_forgetsTheConnection_andIsIdempotent() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        assertThat(stack.items("CONN#" + connection)).hasSize(1);
        var event = org.ibal.functions.support.Events.webSocketEvent(
                org.ibal.functions.support.Events.disconnect(connection));

        // when
        int first = stack.wiring.disconnectHandler().apply(event).getStatusCode();
        int second = stack.wiring.disconnectHandler().apply(event).getStatusCode();

        // then
        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(200);
        assertThat(stack.items("CONN#" + connection)).isEmpty();
    }
}
