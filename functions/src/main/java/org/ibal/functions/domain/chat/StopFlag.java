package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.RunningReplies;

/**
 * The model's {@link ChatModel.Cancellation} for one reply, backed by the stored stop flag. Models poll between
 * deltas (often every few milliseconds), so the flag is read at most once per {@code pollEvery}: a stop takes
 * effect within that interval and a long reply costs a few reads a second at most.
 */
final class StopFlag implements ChatModel.Cancellation {
    private final RunningReplies running;
    private final String userId;
    private final String replyId;
    private final Clock clock;
    private final Duration pollEvery;
    private Instant lastPoll;
    private volatile boolean stopped;

    StopFlag(RunningReplies running, String userId, String replyId, Clock clock, Duration pollEvery) {
        this.running = running;
        this.userId = userId;
        this.replyId = replyId;
        this.clock = clock;
        this.pollEvery = pollEvery;
        this.lastPoll = clock.instant(); // the reply was recorded just now: nobody can have stopped it yet
    }

    @Override
    public synchronized boolean requested() {
        if (stopped) {
            return true;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastPoll.plus(pollEvery))) {
            return false;
        }
        lastPoll = now;
        try {
            stopped = running.stopRequested(userId, replyId);
        } catch (RuntimeException storeHiccup) {
            // A failed read must not end a reply nobody stopped; the next poll asks again.
            return false;
        }
        return stopped;
    }

    boolean stopped() {
        return stopped;
    }
}
