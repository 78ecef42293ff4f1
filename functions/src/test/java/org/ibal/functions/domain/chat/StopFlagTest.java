package org.ibal.functions.domain.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.RunningReplies.Poll;
import org.ibal.functions.support.MutableClock;
import org.junit.jupiter.api.Test;

class StopFlagTest {
    static final Duration POLL_EVERY = Duration.ofMillis(500);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    final ScriptedRecord record = new ScriptedRecord();
    final StopFlag flag = new StopFlag(record, "u_1", "m_1-r", "attempt-1", clock, POLL_EVERY);

    /** The running-reply record as a script of poll outcomes; counts the reads. */
    static final class ScriptedRecord implements RunningReplies {
        final Deque<Supplier<Poll>> polls = new ArrayDeque<>();
        int reads;

        @Override
        public Poll poll(String userId, String replyId) {
            reads++;
            return polls.isEmpty() ? new Poll(false, "attempt-1") : polls.poll().get();
        }

        @Override
        public boolean start(RunningReply reply) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int requestStop(String userId, String messageId, String sessionId, String connectionId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void finish(String userId, String replyId, String attempt, Instant now) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void readsTheRecordAtMostOncePerInterval_andSeesAStop() {
        assertThat(flag.requested()).isFalse();
        assertThat(record.reads).isZero();

        clock.advance(POLL_EVERY);
        record.polls.add(() -> new Poll(true, "attempt-1"));
        assertThat(flag.requested()).isTrue();
        assertThat(flag.stopped()).isTrue();
        assertThat(record.reads).isOne();
    }

    @Test
    void seesALaterAttemptTakeOver() {
        clock.advance(POLL_EVERY);
        record.polls.add(() -> new Poll(false, "attempt-2"));
        assertThat(flag.requested()).isTrue();
        assertThat(flag.superseded()).isTrue();
        assertThat(flag.stopped()).isFalse();
    }

    @Test
    void aFailedRead_neitherEndsTheReply_norIsRepeated() {
        clock.advance(POLL_EVERY);
        record.polls.add(() -> {
            throw new IllegalStateException("store unreachable (each read waits out the call timeout)");
        });
        assertThat(flag.requested()).isFalse();

        for (int chunk = 0; chunk < 20; chunk++) {
            clock.advance(POLL_EVERY);
            assertThat(flag.requested()).isFalse();
        }
        assertThat(record.reads)
                .as("one timed-out read per reply, not one per interval")
                .isOne();
    }
}
