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
import org.ibal.functions.adapter.dynamo.DynamoCredentialStore;
import org.ibal.functions.adapter.dynamo.DynamoRateLimiter;
import org.ibal.functions.adapter.dynamo.DynamoSessionStore;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conditional writes that guard correctness, exercised directly and under concurrency. */
@ExtendWith(DynamoDbLocal.class)
class DynamoStoresTest {
    private final String table = DynamoDbLocal.newTable();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));

    @Test
    void recordUserMessage_storesOnlyTheFirstOfTwoWritesWithTheSameClientMessageId() {
        // given
        var sessions = new DynamoSessionStore(DynamoDbLocal.client(), table);
        sessions.create(new ChatSession("s_race", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        ChatMessage first = ChatMessage.user(Ids.message(clock.instant()), "s_race", "first", clock.instant(), "c-1");
        ChatMessage second = ChatMessage.user(Ids.message(clock.instant()), "s_race", "second", clock.instant(), "c-1");

        // when
        var firstResult = sessions.recordUserMessage(first);
        var secondResult = sessions.recordUserMessage(second);

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
        sessions.recordUserMessage(question);
        sessions.delete("s_gone");
        ChatMessage reply = new ChatMessage(Ids.message(clock.instant().plusMillis(1)), "s_gone",
                ChatMessage.Role.ASSISTANT, "a", clock.instant(), null, question.id(), false, null, null);
        ChatMessage late = ChatMessage.user(Ids.message(clock.instant()), "s_gone", "late", clock.instant(), "c-2");

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.recordReply(reply, "c-1"))
                .isInstanceOf(org.ibal.functions.domain.error.SessionNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.recordUserMessage(late))
                .isInstanceOf(org.ibal.functions.domain.error.SessionNotFoundException.class);
        assertThat(DynamoDbLocal.client().scan(b -> b.tableName(table)).items())
                .noneMatch(item -> item.get("pk").s().equals("SESSION#s_gone"));
    }

    @Test
    void tryAcquire_neverGrantsMoreThanTheLimit_underConcurrentCallers() throws Exception {
        // given
        var limiter = new DynamoRateLimiter(DynamoDbLocal.client(), table, clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            calls.add(() -> limiter.tryAcquire("msg#u_busy", 5, Duration.ofMinutes(1)));
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
        assertThat(limiter.tryAcquire("msg#u_busy", 5, Duration.ofMinutes(1))).as("a new window").isTrue();
    }

    @Test
    void consumeTicket_succeedsExactlyOnce_evenWhenRacing() throws Exception {
        // given
        var credentials = new DynamoCredentialStore(DynamoDbLocal.client(), table);
        credentials.saveTicket("hash-1", new Principal("u_1", "ada", "Ada", "local", null),
                clock.instant().plusSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> credentials.consumeTicket("hash-1", clock.instant()).isPresent());
        }

        // when
        long consumed = 0;
        for (Future<Boolean> result : pool.invokeAll(calls)) {
            consumed += result.get() ? 1 : 0;
        }
        pool.shutdown();

        // then
        assertThat(consumed).isEqualTo(1);
    }
}
