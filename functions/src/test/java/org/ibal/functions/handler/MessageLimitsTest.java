package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The per-minute rate as a sliding window, replays counted against it, and sessions bounded per day — all within the
 * DynamoDB calls a message already made (ChatRoutesTest pins those).
 */
@ExtendWith(DynamoDbLocal.class)
class MessageLimitsTest {
    private static String send(String clientMessageId) {
        return "{\"action\":\"sendMessage\",\"clientMessageId\":\"" + clientMessageId + "\",\"content\":\"hello\"}";
    }

    private static String firstType(List<JsonNode> frames) {
        return frames.getFirst().get("type").asString()
                + (frames.getFirst().has("code")
                        ? ":" + frames.getFirst().get("code").asString()
                        : "");
    }

    @Test
    void aBurstAcrossAMinuteBoundary_passesAtMostTheLimit_notTwiceIt() {
        // given: five allowed a minute; the clock one second before a minute boundary
        var stack = new TestStack(Map.of("MESSAGE_RATE_PER_MINUTE", "5"));
        stack.clock.advance(Duration.ofSeconds(59));
        String connection = stack.connectAs(stack.register("eve"));

        // when: ten messages, five just before the boundary and five just after
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            outcomes.add(firstType(stack.send(connection, send("before-" + i))));
        }
        stack.clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            outcomes.add(firstType(stack.send(connection, send("after-" + i))));
        }

        // then
        assertThat(outcomes.stream().filter("ack"::equals))
                .as("at most the limit in any minute")
                .hasSize(5);
        assertThat(outcomes.subList(5, 10)).containsOnly("error:rate_limited");
    }

    @Test
    void theSlidingWindow_letsMessagesBackIn_asTheBurstAgesOut() {
        var stack = new TestStack(Map.of("MESSAGE_RATE_PER_MINUTE", "4"));
        String connection = stack.connectAs(stack.register("eve"));
        for (int i = 0; i < 4; i++) {
            stack.send(connection, send("m-" + i));
        }

        // a minute later the whole burst still lies within the last 60 s ...
        stack.clock.advance(Duration.ofMinutes(1));
        String atOneMinute = firstType(stack.send(connection, send("x-1")));
        // ... half a minute later half of it does: two fit
        stack.clock.advance(Duration.ofSeconds(30));
        String first = firstType(stack.send(connection, send("x-1")));
        String second = firstType(stack.send(connection, send("x-2")));
        String third = firstType(stack.send(connection, send("x-3")));

        assertThat(List.of(atOneMinute, first, second, third))
                .containsExactly("error:rate_limited", "ack", "ack", "error:rate_limited");
    }

    @Test
    void replays_countAgainstTheRate_butNotAgainstTheDailyQuota() {
        // given: one question asked and answered
        var stack = new TestStack(Map.of("MESSAGE_RATE_PER_MINUTE", "3", "DAILY_MESSAGE_QUOTA", "2"));
        String connection = stack.connectAs(stack.register("eve"));
        stack.send(connection, send("q-1"));

        // when: it is resent (replayed from the store) until the rate holds it back
        String replay1 = firstType(stack.send(connection, send("q-1")));
        String replay2 = firstType(stack.send(connection, send("q-1")));
        List<JsonNode> replay3 = stack.send(connection, send("q-1"));

        // then
        assertThat(List.of(replay1, replay2)).containsOnly("ack");
        assertThat(replay3).singleElement().satisfies(f -> {
            assertThat(f.get("code").asString()).isEqualTo("rate_limited");
            assertThat(f.get("replyTo").asString()).isEqualTo("q-1");
        });
        // and the quota only saw the one question: a second question fits once the rate allows it
        stack.clock.advance(Duration.ofMinutes(2));
        assertThat(firstType(stack.send(connection, send("q-2")))).isEqualTo("ack");
    }

    @Test
    void hello_withoutASession_reusesTheNewestOneWhileItHasNoMessages() {
        var stack = new TestStack();
        String connection = stack.connectAs(stack.register("ada"));

        String first = stack.send(connection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        String again = stack.send(connection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        stack.send(connection, send("c-1"));
        stack.clock.advance(Duration.ofSeconds(1));
        String afterAMessage = stack.send(connection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();

        assertThat(again).isEqualTo(first);
        assertThat(afterAMessage).isNotEqualTo(first);
        assertThat(stack.items("SESSION#").stream().filter(i -> i.get("sk").s().equals("META")))
                .hasSize(2);
    }

    @Test
    void newSessions_areBoundedPerUtcDay_whetherOpenedByHelloOrByAMessage() {
        // given: two sessions a day; each hello below follows a message, so it may not reuse its session
        var stack = new TestStack(Map.of("SESSIONS_PER_DAY", "2"));
        String connection = stack.connectAs(stack.register("ada"));
        stack.send(connection, "{\"action\":\"hello\"}");
        stack.send(connection, send("c-1"));
        stack.send(connection, "{\"action\":\"hello\"}");
        stack.send(connection, send("c-2"));

        // when
        List<JsonNode> thirdByHello = stack.send(connection, "{\"action\":\"hello\"}");
        String fresh = stack.connectAs(stackUser(stack, connection));
        List<JsonNode> thirdByMessage = stack.send(fresh, send("c-3"));

        // then
        assertThat(thirdByHello).singleElement().satisfies(f -> {
            assertThat(f.get("code").asString()).isEqualTo("rate_limited");
            assertThat(f.get("message").asString()).contains("new chats");
        });
        assertThat(thirdByMessage).singleElement().satisfies(f -> {
            assertThat(f.get("code").asString()).isEqualTo("rate_limited");
            assertThat(f.get("replyTo").asString()).isEqualTo("c-3");
        });
        // the next UTC day, a new one opens
        stack.clock.advance(Duration.between(stack.clock.instant(), Instant.parse("2026-11-25T00:00:01Z")));
        assertThat(stack.send(connection, "{\"action\":\"hello\"}")
                        .getFirst()
                        .get("type")
                        .asString())
                .isEqualTo("user_info");
    }

    /** The tokens of the user holding {@code connection}, read back from its stored connection. */
    private static JsonNode stackUser(TestStack stack, String connection) {
        String userId =
                stack.items("CONN#" + connection).getFirst().get("userId").s();
        var principal = new org.ibal.functions.domain.Principal(userId, "ada", "Ada", "local", null);
        var token = new org.ibal.functions.adapter.token.NimbusTokenService(
                        stack.signingKey, "ibal", "ibal", Duration.ofMinutes(15), stack.clock)
                .issue(principal);
        return Json.object().put("accessToken", token.token());
    }
}
