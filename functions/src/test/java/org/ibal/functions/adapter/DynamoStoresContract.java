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
import org.ibal.functions.adapter.dynamo.DynamoConnectionStore;
import org.ibal.functions.adapter.dynamo.DynamoCredentialStore;
import org.ibal.functions.adapter.dynamo.DynamoRateLimiter;
import org.ibal.functions.adapter.dynamo.DynamoReplayGuard;
import org.ibal.functions.adapter.dynamo.DynamoRunningReplies;
import org.ibal.functions.adapter.dynamo.DynamoSessionStore;
import org.ibal.functions.adapter.dynamo.DynamoUserStore;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.RateWindows;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.port.CredentialStore;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.support.MutableClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB adapters' contract: the conditional writes that guard correctness, exercised directly and under
 * concurrency, and the reads the handlers rely on. The same tests run on DynamoDB Local ({@link DynamoStoresTest})
 * and on LocalStack ({@link DynamoStoresOnLocalStackTest}); a subclass only says which DynamoDB.
 */
abstract class DynamoStoresContract {
    private final String table = newTable();
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));

    /** The DynamoDB under test. */
    protected abstract DynamoDbClient dynamo();

    /** A new table of the production schema (IbalTable) in {@link #dynamo()}; returns its name. */
    protected abstract String newTable();

    protected String table() {
        return table;
    }

    @Test
    void recordUserMessage_refusedByALimit_storesNothing_andCountsAgainstNoOtherLimit() {
        // given: a session, and a per-minute limit of one already used
        var sessions = new DynamoSessionStore(dynamo(), table);
        var limiter = new DynamoRateLimiter(dynamo(), table);
        sessions.create(new ChatSession("s_full", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        RateLimiter.Limit rate = new RateLimiter.Limit("msg#u_1", 1, Duration.ofMinutes(1));
        RateLimiter.Limit quota = new RateLimiter.Limit("quota#u_1", 10, Duration.ofDays(1));
        assertThat(limiter.tryAcquireAll(List.of(rate), clock.instant())).isEmpty();
        ChatMessage question =
                ChatMessage.user(Ids.message(clock.instant()), "s_full", "one too many", clock.instant(), "c-1");

        // when
        var refused = sessions.recordUserMessage(question, "One too many", List.of(rate, quota), null);

        // then: the rate named, nothing stored, the quota untouched
        assertThat(refused.limitReached()).contains(rate);
        assertThat(refused.earlier()).isEmpty();
        assertThat(sessions.findExchange("s_full", "c-1")).isEmpty();
        assertThat(sessions.listMessages("s_full", 10, null).items()).isEmpty();
        assertThat(sessions.find("s_full").orElseThrow().title()).isEqualTo(ChatSession.DEFAULT_TITLE);
        assertThat(limiter.count(
                        new RateLimiter.Counter("quota#u_1", RateWindows.start(clock.instant(), Duration.ofDays(1)))))
                .isZero();
    }

    @Test
    void recordUserMessage_countsItsLimitsAndRecordsTheRunningReply_inTheSameWrite() {
        // given
        var sessions = new DynamoSessionStore(dynamo(), table);
        var limiter = new DynamoRateLimiter(dynamo(), table);
        var running = new DynamoRunningReplies(dynamo(), table);
        sessions.create(new ChatSession("s_ok", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        RateLimiter.Limit quota = new RateLimiter.Limit("quota#u_2", 10, Duration.ofDays(1));
        ChatMessage question = ChatMessage.user(Ids.message(clock.instant()), "s_ok", "hello", clock.instant(), "c-1");
        var reply = new RunningReplies.RunningReply(
                "u_1", Ids.reply(question.id()), question.id(), "s_ok", "conn-1", clock.instant(), "attempt-1");

        // when
        var stored = sessions.recordUserMessage(question, "Hello", List.of(quota), reply);

        // then: counted once; the same attempt cannot start again (a second delivery streams nothing)
        assertThat(stored.limitReached()).isEmpty();
        assertThat(stored.earlier()).isEmpty();
        assertThat(limiter.count(
                        new RateLimiter.Counter("quota#u_2", RateWindows.start(clock.instant(), Duration.ofDays(1)))))
                .isEqualTo(1);
        assertThat(running.poll("u_1", reply.replyId()).attempt()).isEqualTo("attempt-1");
        assertThat(running.start(reply)).isFalse();
    }

    @Test
    void recordUserMessage_storesOnlyTheFirstOfTwoWritesWithTheSameClientMessageId() {
        // given
        var sessions = new DynamoSessionStore(dynamo(), table);
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
        assertThat(sessions.listMessages("s_race", 10, null).items())
                .extracting(ChatMessage::content)
                .containsExactly("first");
    }

    @Test
    void messagesAndReplies_toADeletedSession_areRefused_andLeaveNoOrphans() {
        // given: a session with one exchange, then deleted (as by DELETE /api/sessions/{id} mid-reply)
        var sessions = new DynamoSessionStore(dynamo(), table);
        sessions.create(new ChatSession("s_gone", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        ChatMessage question = ChatMessage.user(Ids.message(clock.instant()), "s_gone", "q", clock.instant(), "c-1");
        sessions.recordUserMessage(question, null);
        sessions.delete("s_gone");
        ChatMessage reply = new ChatMessage(
                Ids.message(clock.instant().plusMillis(1)),
                "s_gone",
                ChatMessage.Role.ASSISTANT,
                "a",
                clock.instant(),
                null,
                question.id(),
                false,
                null,
                null);
        ChatMessage late = ChatMessage.user(Ids.message(clock.instant()), "s_gone", "late", clock.instant(), "c-2");

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> sessions.recordReply(reply, "c-1", "attempt-1", clock.instant()))
                .isInstanceOf(org.ibal.functions.domain.error.SessionNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.recordUserMessage(late, null))
                .isInstanceOf(org.ibal.functions.domain.error.SessionNotFoundException.class);
        assertThat(dynamo().scan(b -> b.tableName(table)).items())
                .noneMatch(item -> item.get("pk").s().equals("SESSION#s_gone"));
    }

    @Test
    void recordUserMessage_marksActivityAndTitlesADefaultSession_inTheSameWrite() {
        // given
        var sessions = new DynamoSessionStore(dynamo(), table);
        sessions.create(new ChatSession("s_new", "u_1", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        clock.advance(Duration.ofMinutes(5));
        ChatMessage first =
                ChatMessage.user(Ids.message(clock.instant()), "s_new", "volcanoes", clock.instant(), "c-1");

        // when
        sessions.recordUserMessage(first, "Volcanoes");

        // then
        ChatSession stored = sessions.find("s_new").orElseThrow();
        assertThat(stored.title()).isEqualTo("Volcanoes");
        assertThat(stored.updatedAt()).isEqualTo(clock.instant());
        assertThat(sessions.listSessions("u_1", 10, null).items())
                .extracting(ChatSession::id)
                .containsExactly("s_new");
    }

    @Test
    void recordUserMessage_keepsATitleTheUserChoseMeanwhile_andStillStoresTheMessage() {
        // given: the caller read a default title, then the user renamed the session
        var sessions = new DynamoSessionStore(dynamo(), table);
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
        assertThat(sessions.listMessages("s_named", 10, null).items())
                .extracting(ChatMessage::content)
                .containsExactly("cells");
    }

    @Test
    void tryAcquireAll_countsUnderEveryLimitOrNone_andNamesTheLimitReached() {
        // given: a daily quota of 2 and a per-minute rate of 5
        var limiter = new DynamoRateLimiter(dynamo(), table);
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
            assertThat(limiter.tryAcquire("msg#u_q", 5, Duration.ofMinutes(1), clock.instant()))
                    .isTrue();
        }
        assertThat(limiter.tryAcquire("msg#u_q", 5, Duration.ofMinutes(1), clock.instant()))
                .isFalse();
    }

    @Test
    void tryAcquire_neverGrantsMoreThanTheLimit_underConcurrentCallers() throws Exception {
        // given
        var limiter = new DynamoRateLimiter(dynamo(), table);
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
        assertThat(limiter.tryAcquire("msg#u_busy", 5, Duration.ofMinutes(1), clock.instant()))
                .as("a new window")
                .isTrue();
    }

    @Test
    void aTicketsFirstUse_succeedsExactlyOnce_evenWhenRacing() throws Exception {
        // given
        var usedTickets = new DynamoReplayGuard(dynamo(), table, DynamoReplayGuard.TICKETS);
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
        assertThat(dynamo().getItem(b -> b.tableName(table)
                                .key(java.util.Map.of(
                                        "pk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "TICKET#ticket-1"),
                                        "sk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TICKET"))))
                        .hasItem())
                .as("kept apart from assertion ids")
                .isTrue();
    }

    @Test
    void createUser_refusesATakenUsername_andFindsTheFirstByNameAndById() {
        // given
        var users = new DynamoUserStore(dynamo(), table);
        User ada = new User("u_ada", "ada", "Ada", "hash-1", clock.instant());
        User impostor = new User("u_other", "ada", "Not Ada", "hash-2", clock.instant());

        // when
        boolean first = users.create(ada);
        boolean second = users.create(impostor);

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(users.findByUsername("ada"))
                .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo("u_ada"));
        assertThat(users.findById("u_ada"))
                .hasValueSatisfying(u -> assertThat(u.displayName()).isEqualTo("Ada"));
        assertThat(users.findById("u_other")).isEmpty();
    }

    @Test
    void markRotated_succeedsOncePerRefreshToken_andARevokedFamilyStaysRevoked() {
        // given
        var credentials = new DynamoCredentialStore(dynamo(), table);
        credentials.saveRefreshToken(new CredentialStore.RefreshToken(
                "rt-hash", "u_1", "fam-1", clock.instant().plus(Duration.ofDays(30))));

        // when
        boolean first = credentials.markRotated("rt-hash", clock.instant());
        boolean reuse = credentials.markRotated("rt-hash", clock.instant().plusSeconds(1));
        credentials.revokeFamily("fam-1", clock.instant(), clock.instant().plus(Duration.ofDays(30)));

        // then
        assertThat(first).isTrue();
        assertThat(reuse).as("a rotated token presented again is reuse").isFalse();
        assertThat(credentials.findRefreshToken("rt-hash"))
                .hasValueSatisfying(t -> assertThat(t.familyId()).isEqualTo("fam-1"));
        assertThat(credentials.isFamilyRevoked("fam-1")).isTrue();
        assertThat(credentials.isFamilyRevoked("fam-2")).isFalse();
    }

    @Test
    void listSessions_pagesThroughTheIndex_newestActivityFirst_withoutLeakingOtherUsers() {
        // given: three sessions of one user (one becomes the most recent by a message) and one of another user
        var sessions = new DynamoSessionStore(dynamo(), table);
        for (String id : List.of("s_a", "s_b", "s_c")) {
            clock.advance(Duration.ofSeconds(1));
            sessions.create(
                    new ChatSession(id, "u_pager", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        }
        sessions.create(
                new ChatSession("s_theirs", "u_someone", ChatSession.DEFAULT_TITLE, clock.instant(), clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        sessions.recordUserMessage(
                ChatMessage.user(Ids.message(clock.instant()), "s_a", "back to a", clock.instant(), "c-1"), null);

        // when
        var first = sessions.listSessions("u_pager", 2, null);
        var second = sessions.listSessions("u_pager", 2, first.nextCursor());

        // then
        assertThat(first.items()).extracting(ChatSession::id).containsExactly("s_a", "s_c");
        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.items()).extracting(ChatSession::id).containsExactly("s_b");
    }

    @Test
    void runningReply_startsOnce_andAStopFlagsOnlyItsOwnersUnfinishedReply() {
        // given
        var running = new DynamoRunningReplies(dynamo(), table);
        var reply = new RunningReplies.RunningReply(
                "u_1", "m_reply", "m_question", "s_1", "conn-1=", clock.instant(), "attempt-1");
        var othersReply = new RunningReplies.RunningReply(
                "u_2", "m_other", "m_q2", "s_2", "conn-2=", clock.instant(), "attempt-1");

        // when
        boolean started = running.start(reply);
        boolean again = running.start(reply);
        running.start(othersReply);
        int flagged = running.requestStop("u_1", null, "s_1", "conn-1=", clock.instant());
        running.finish("u_1", "m_reply", "attempt-1", clock.instant());
        int afterFinish = running.requestStop("u_1", "m_reply", null, null, clock.instant());

        // then
        assertThat(started).isTrue();
        assertThat(again).as("a repeated job must not stream the reply twice").isFalse();
        assertThat(flagged).isEqualTo(1);
        assertThat(running.poll("u_1", "m_reply").stopRequested()).isTrue();
        assertThat(running.poll("u_2", "m_other").stopRequested()).isFalse();
        assertThat(afterFinish).as("a finished reply cannot be stopped").isZero();
    }

    @Test
    void attachSession_updatesALiveConnection_butNeverResurrectsAClosedOne() {
        // given
        var connections = new DynamoConnectionStore(dynamo(), table);
        Principal ada = new Principal("u_1", "ada", "Ada", Principal.LOCAL, null);
        connections.save(new Connection("live=", ada, clock.instant(), null));
        connections.save(new Connection("closed=", ada, clock.instant(), null));
        connections.delete("closed=");

        // when
        connections.attachSession("live=", "s_1");
        connections.attachSession("closed=", "s_1");

        // then
        assertThat(connections.find("live=")).hasValueSatisfying(c -> {
            assertThat(c.sessionId()).isEqualTo("s_1");
            assertThat(c.principal().username()).isEqualTo("ada");
        });
        assertThat(connections.find("closed=")).isEmpty();
    }
}
