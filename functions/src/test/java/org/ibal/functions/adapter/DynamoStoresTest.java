package org.ibal.functions.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ibal.functions.adapter.dynamo.DynamoReplayGuard;
import org.ibal.functions.adapter.dynamo.DynamoRateLimiter;
import org.ibal.functions.adapter.dynamo.DynamoSessionStore;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.support.DynamoCalls;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conditional writes that guard correctness, exercised directly and under concurrency. */
@ExtendWith(DynamoDbLocal.class)
class DynamoStoresTest {
    private final String table = DynamoDbLocal.newTable();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final DynamoCalls dynamoCalls = new DynamoCalls();

    @Test
    void recordUserMessage_storesOnlyTheFirstOfTwoWritesWithTheSameClientMessageId() {
        // given
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(), table);
        sessions.create(new ChatSession("s_race", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        ChatMessage first = ChatMessage.user(Ids.message(clock.instant()), "s_race", "first", clock.instant(), "c-1");
        ChatMessage second = ChatMessage.user(Ids.message(clock.instant()), "s_race", "second", clock.instant(), "c-1");

        // when
        var firstResult = sessions.recordUserMessage(first, null);
        var secondResult = sessions.recordUserMessage(second, null);

        // then
        assertThat(firstResult).isEmpty();
        assertThat(secondResult).hasValueSatisfying(exchange -> {
            assertThat(exchange.userMessage().id()).isEqualTo(first.id());
            assertThat(exchange.reply()).isNull();
        });
        assertThat(sessions.listMessages("s_race", 10, null).items()).extracting(ChatMessage::content)
                .containsExactly("first");
    }

    @Test
    void messagesAndReplies_toADeletedSession_areRefused_andLeaveNoOrphans() {
        // given: a session with one exchange, then deleted (as by DELETE /api/sessions/{id} mid-reply)
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(), table);
        sessions.create(new ChatSession("s_gone", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        ChatMessage question = ChatMessage.user(Ids.message(clock.instant()), "s_gone", "q", clock.instant(), "c-1");
        sessions.recordUserMessage(question, null);
        sessions.delete("s_gone");
        ChatMessage reply = new ChatMessage(Ids.message(clock.instant().plusMillis(1)), "s_gone",
                ChatMessage.Role.ASSISTANT, "a", clock.instant(), null, question.id(), false, null, null);
        ChatMessage late = ChatMessage.user(Ids.message(clock.instant()), "s_gone", "late", clock.instant(), "c-2");

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.recordReply(reply, "c-1", "attempt-1", clock.instant()))
                .isInstanceOf(org.ibal.functions.domain.error.SessionNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.recordUserMessage(late, null))
                .isInstanceOf(org.ibal.functions.domain.error.SessionNotFoundException.class);
        assertThat(DynamoDbLocal.client().scan(b -> b.tableName(table)).items())
                .noneMatch(item -> item.get("pk").s().equals("SESSION#s_gone"));
    }

    @Test
    void recordUserMessage_marksActivityAndTitlesADefaultSession_inTheSameWrite() {
        // given
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(), table);
        sessions.create(new ChatSession("s_new", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        clock.advance(Duration.ofMinutes(5));
        ChatMessage first = ChatMessage.user(Ids.message(clock.instant()), "s_new", "volcanoes", clock.instant(), "c-1");

        // when
        sessions.recordUserMessage(first, "Volcanoes");

        // then
        ChatSession stored = sessions.find("s_new").orElseThrow();
        assertThat(stored.title()).isEqualTo("Volcanoes");
        assertThat(stored.updatedAt()).isEqualTo(clock.instant());
        assertThat(sessions.listSessions("u_1", 10, null).items()).extracting(ChatSession::id).containsExactly("s_new");
    }

    @Test
    void recordUserMessage_keepsATitleTheUserChoseMeanwhile_andStillStoresTheMessage() {
        // given: the caller read a default title, then the user renamed the session
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(), table);
        sessions.create(new ChatSession("s_named", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        sessions.rename("s_named", "My biology notes", clock.instant());
        clock.advance(Duration.ofSeconds(1));
        ChatMessage first = ChatMessage.user(Ids.message(clock.instant()), "s_named", "cells", clock.instant(), "c-1");

        // when
        var result = sessions.recordUserMessage(first, "Cells");

        // then
        assertThat(result).isEmpty();
        ChatSession stored = sessions.find("s_named").orElseThrow();
        assertThat(stored.title()).isEqualTo("My biology notes");
        assertThat(stored.updatedAt()).isEqualTo(clock.instant());
        assertThat(sessions.listMessages("s_named", 10, null).items()).extracting(ChatMessage::content)
                .containsExactly("cells");
    }

    @Test
    void findForMessage_readsTheSessionAnyStoredExchangeAndTheRateCounter_together() {
        // given
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(dynamoCalls), table);
        sessions.create(new ChatSession("s_look", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        ChatMessage question = ChatMessage.user(Ids.message(clock.instant()), "s_look", "q", clock.instant(), "c-1");
        sessions.recordUserMessage(question, null);
        clock.advance(Duration.ofSeconds(2));
        ChatMessage reply = new ChatMessage(Ids.message(clock.instant()), "s_look", ChatMessage.Role.ASSISTANT, "a",
                clock.instant(), null, question.id(), false, null, null);
        sessions.recordReply(reply, "c-1", "attempt-1", clock.instant());
        var limiter = new DynamoRateLimiter(DynamoDbLocal.client(), table);
        Instant lastMinute = clock.instant().minus(Duration.ofMinutes(1));
        limiter.tryAcquire("msg#u_1", 20, Duration.ofMinutes(1), lastMinute);
        limiter.tryAcquire("msg#u_1", 20, Duration.ofMinutes(1), lastMinute);
        var previous = new RateLimiter.Counter("msg#u_1",
                org.ibal.functions.domain.RateWindows.previousStart(clock.instant(), Duration.ofMinutes(1)));
        dynamoCalls.clear();

        // when
        var seen = sessions.findForMessage("s_look", "c-1", previous);
        var fresh = sessions.findForMessage("s_look", "c-2", previous);

        // then
        assertThat(seen.counted()).as("the previous window's count, read in the same batch").isEqualTo(2);
        assertThat(fresh.counted()).isEqualTo(2);
        assertThat(seen.session().orElseThrow().updatedAt()).as("the reply marked activity").isEqualTo(clock.instant());
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
        assertThat(dynamoCalls.operations()).as("one read each, exchange messages aside")
                .containsExactly("BatchGetItem", "GetItem", "GetItem", "BatchGetItem", "BatchGetItem");
    }

    @Test
    void tryAcquireAll_countsUnderEveryLimitOrNone_andNamesTheLimitReached() {
        // given: a daily quota of 2 and a per-minute rate of 5
        var limiter = new DynamoRateLimiter(DynamoDbLocal.client(), table);
        var rate = new RateLimiter.Limit("msg#u_q", 5, Duration.ofMinutes(1));
        var quota = new RateLimiter.Limit("quota#u_q", 2, Duration.ofDays(1));

        // when
        var first = limiter.tryAcquireAll(List.of(rate, quota), clock.instant());
        var second = limiter.tryAcquireAll(List.of(rate, quota), clock.instant());
        var third = limiter.tryAcquireAll(List.of(rate, quota), clock.instant());

        // then: the refused third counted under neither limit, so the rate still has 3 left this minute
        assertThat(first).isEmpty();
        assertThat(second).isEmpty();
        assertThat(third).contains(quota);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("msg#u_q", 5, Duration.ofMinutes(1), clock.instant())).isTrue();
        }
        assertThat(limiter.tryAcquire("msg#u_q", 5, Duration.ofMinutes(1), clock.instant())).isFalse();
    }

    @Test
    void tryAcquire_neverGrantsMoreThanTheLimit_underConcurrentCallers() throws Exception {
        // given
        var limiter = new DynamoRateLimiter(DynamoDbLocal.client(), table);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            calls.add(() -> limiter.tryAcquire("msg#u_busy", 5, Duration.ofMinutes(1), clock.instant()));
        }

        // when
        long granted = 0;
        for (Future<Boolean> result : pool.invokeAll(calls)) {
            granted += result.get() ? 1 : 0;
        }
        pool.shutdown();

        // then
        assertThat(granted).isEqualTo(5);
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("msg#u_busy", 5, Duration.ofMinutes(1), clock.instant())).as("a new window")
                .isTrue();
    }

    @Test
    void aTicketsFirstUse_succeedsExactlyOnce_evenWhenRacing() throws Exception {
        // given
        var usedTickets = new DynamoReplayGuard(DynamoDbLocal.client(), table, DynamoReplayGuard.TICKETS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> usedTickets.firstUse("ticket-1", clock.instant().plusSeconds(30)));
        }

        // when
        long consumed = 0;
        for (Future<Boolean> result : pool.invokeAll(calls)) {
            consumed += result.get() ? 1 : 0;
        }
        pool.shutdown();

        // then
        assertThat(consumed).isEqualTo(1);
        assertThat(DynamoDbLocal.client().getItem(b -> b.tableName(table)
                .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        "TICKET#ticket-1"), "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                        .fromS("TICKET")))).hasItem()).as("kept apart from assertion ids").isTrue();
    }
}
