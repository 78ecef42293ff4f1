package org.ibal.functions.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.adapter.dynamo.DynamoRateLimiter;
import org.ibal.functions.adapter.dynamo.DynamoSessionStore;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.support.DynamoCalls;
import org.ibal.functions.support.DynamoDbLocal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB adapters' contract ({@link DynamoStoresContract}) on DynamoDB Local, embedded in this JVM, and the
 * message path's single read, counted call by call (an SDK interceptor, so only here).
 */
@ExtendWith(DynamoDbLocal.class)
class DynamoStoresTest extends DynamoStoresContract {
    private final DynamoCalls dynamoCalls = new DynamoCalls();

    @Override
    protected DynamoDbClient dynamo() {
        return DynamoDbLocal.client();
    }

    @Override
    protected String newTable() {
        return DynamoDbLocal.newTable();
    }

    @Test
    void findForMessage_readsTheSessionAnyStoredExchangeAndTheRateCounter_together() {
        // given
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(dynamoCalls), table());
        sessions.create(new ChatSession("s_look", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        ChatMessage question = ChatMessage.user(Ids.message(clock.instant()), "s_look", "q", clock.instant(), "c-1");
        sessions.recordUserMessage(question, null);
        clock.advance(Duration.ofSeconds(2));
        ChatMessage reply = new ChatMessage(
                Ids.message(clock.instant()),
                "s_look",
                ChatMessage.Role.ASSISTANT,
                "a",
                clock.instant(),
                null,
                question.id(),
                false,
                null,
                null);
        sessions.recordReply(reply, "c-1", "attempt-1", clock.instant());
        var limiter = new DynamoRateLimiter(DynamoDbLocal.client(), table());
        Instant lastMinute = clock.instant().minus(Duration.ofMinutes(1));
        limiter.tryAcquire("msg#u_1", 20, Duration.ofMinutes(1), lastMinute);
        limiter.tryAcquire("msg#u_1", 20, Duration.ofMinutes(1), lastMinute);
        var previous = new RateLimiter.Counter(
                "msg#u_1", org.ibal.functions.domain.RateWindows.previousStart(clock.instant(), Duration.ofMinutes(1)));
        dynamoCalls.clear();

        // when
        var seen = sessions.findForMessage("s_look", "c-1", previous);
        var fresh = sessions.findForMessage("s_look", "c-2", previous);

        // then
        assertThat(seen.counted())
                .as("the previous window's count, read in the same batch")
                .isEqualTo(2);
        assertThat(fresh.counted()).isEqualTo(2);
        assertThat(seen.session().orElseThrow().updatedAt())
                .as("the reply marked activity")
                .isEqualTo(clock.instant());
        assertThat(seen.session().orElseThrow().hasMessages()).isTrue();
        assertThat(seen.exchange()).hasValueSatisfying(exchange -> {
            assertThat(exchange.userMessage().id()).isEqualTo(question.id());
            assertThat(exchange.reply().content()).isEqualTo("a");
        });
        assertThat(fresh.session().orElseThrow().id()).isEqualTo("s_look");
        assertThat(fresh.exchange()).isEmpty();
        var missing = sessions.findForMessage("s_missing", "c-1", previous);
        assertThat(missing.session()).isEmpty();
        assertThat(missing.counted()).isEqualTo(2);
        assertThat(dynamoCalls.operations())
                .as("one read each, exchange messages aside")
                .containsExactly("BatchGetItem", "GetItem", "GetItem", "BatchGetItem", "BatchGetItem");
    }
}
