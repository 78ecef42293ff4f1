package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.Events;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The store becoming unreachable (a real connection refusal, see {@code StoreOutage}) at each step of a message:
 * every failure answers a typed, retryable {@code error} frame naming the message, and the resend after the outage is
 * answered. Nothing acknowledged is left without a reply or an error.
 */
@ExtendWith(DynamoDbLocal.class)
class StoreOutageTest {
    private final TestStack stack = new TestStack(Map.of("STREAM_COALESCE_MS", "0"));

    private static String send(String clientMessageId) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("content", "What is a volcano?"));
    }

    private static void assertUnavailable(JsonNode frame, String replyTo) {
        assertThat(frame.get("type").asString()).isEqualTo("error");
        assertThat(frame.get("code").asString()).isEqualTo("unavailable");
        assertThat(frame.get("retryable").asBoolean()).isTrue();
        assertThat(frame.get("message").asString()).isNotBlank();
        assertThat(frame.get("replyTo").asString()).isEqualTo(replyTo);
        assertThat(frame.get("ts").asLong()).isPositive();
    }

    @Test
    void anOutageWhileTheConnectionIsLookedUp_answersUnavailable_andTheResendIsAnswered() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        stack.outage.start();

        // when
        List<JsonNode> during = stack.send(connection, send("c-1"));
        stack.outage.end();
        List<JsonNode> after = stack.send(connection, send("c-1"));

        // then
        assertThat(during).singleElement().satisfies(frame -> assertUnavailable(frame, "c-1"));
        assertThat(after.getFirst().get("type").asString()).isEqualTo("ack");
        assertThat(after.getLast().get("content").asString()).isEqualTo(DemoChatModel.replyTo("What is a volcano?"));
    }

    @Test
    void anOutageOnAPing_answersUnavailable_withoutReplyTo() {
        String connection = stack.connectAs(stack.register("ada"));
        stack.outage.start();

        List<JsonNode> frames = stack.send(connection, "{\"action\":\"ping\"}");

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.get("code").asString()).isEqualTo("unavailable");
            assertThat(frame.has("replyTo") && !frame.get("replyTo").isNull()).isFalse();
        });
    }

    @Test
    void anOutageAfterTheAck_answersUnavailable_andTheResendGetsTheReply() {
        // given: a conversation under way; the store fails once the question is stored and acked (calls: the
        // connection + session + guard + counter, then rate + quota + the question + the running reply; the next
        // call, the reply's write after the model, fails)
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, send("c-0"));
        stack.outage.startAfter(2);

        // when
        List<JsonNode> during = stack.send(connection, send("c-1"));
        stack.outage.end();
        List<JsonNode> after = stack.send(connection, send("c-1"));

        // then
        assertThat(during.getFirst().get("type").asString()).isEqualTo("ack");
        assertUnavailable(during.getLast(), "c-1");
        assertThat(after.getFirst().get("messageId"))
                .isEqualTo(during.getFirst().get("messageId"));
        assertThat(after.getLast().get("type").asString()).isEqualTo("message");
        assertThat(after.getLast().get("replyTo")).isEqualTo(during.getFirst().get("messageId"));
    }

    @Test
    void anOutageWhileTheReplyIsStored_answersUnavailable_afterTheChunks_andTheResendStoresOneReply() {
        // given: the store fails when the streamed reply is written (the running reply was recorded with the question)
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, send("c-0"));
        stack.outage.startAfter(2);

        // when
        List<JsonNode> during = stack.send(connection, send("c-1"));
        stack.outage.end();
        List<JsonNode> after = stack.send(connection, send("c-1"));

        // then
        assertThat(during.getFirst().get("type").asString()).isEqualTo("ack");
        assertThat(during.subList(1, during.size() - 1))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.get("type").asString()).isEqualTo("chunk"));
        assertUnavailable(during.getLast(), "c-1");
        JsonNode message = after.getLast();
        assertThat(message.get("type").asString()).isEqualTo("message");
        String sessionId = message.get("sessionId").asString();
        assertThat(stack.items("SESSION#" + sessionId).stream()
                        .filter(i -> i.get("sk").s().startsWith("MSG#")))
                .as("two questions, two replies")
                .hasSize(4);
    }

    @Test
    void httpRoutes_answer503Unavailable_duringAnOutage() {
        JsonNode ada = stack.register("ada");
        stack.outage.start();

        var sessions = stack.http("GET", "/api/sessions", ada.get("accessToken").asString(), null);

        assertThat(sessions.status()).isEqualTo(503);
        assertThat(sessions.body().get("error").get("code").asString()).isEqualTo("unavailable");
    }

    @Test
    void everyPush_goesToTheConfiguredEndpoint_neverToTheHostAnEventNames() {
        // given
        String connection = stack.connectAs(stack.register("ada"));
        String forged = Events.message(connection, "sendMessage", send("c-1"), "attacker.example", "x");

        // when
        stack.wiring.chatHandler().handle(Events.webSocketEvent(forged), null);

        // then
        assertThat(stack.pusher.all())
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.endpoint()).isEqualTo(TestStack.PUSH_ENDPOINT));
    }
}
