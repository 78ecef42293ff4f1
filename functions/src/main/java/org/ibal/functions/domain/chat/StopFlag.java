package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.RunningReplies.Poll;

/**
 * The model's {@link ChatModel.Cancellation} for one attempt at a reply, backed by its running-reply record: the
 * attempt ends when someone set the stop flag, or when a later attempt took the record over (its client reconnected
 * and asked again). Models poll between deltas (often every few milliseconds), so the record is read at most once per
 * {@code pollEvery}: a stop takes effect within that interval and a long reply costs a few reads a second at most.
 *
 * <p>A read that fails (the store is unreachable: each read then waits out the SDK's call timeout, 12 s) ends the
 * polling for this attempt: the reply streams on without a stop flag, and storing it at the end reports the outage.
 * Polling on would stall every chunk behind another timeout — a 400-word reply took minutes to end in an error — and a
 * stop sent during the outage could not be recorded anyway (the {@code stop} route writes to the same store).
 */
final class StopFlag implements ChatModel.Cancellation {
    private final RunningReplies running;
    private final String userId;
    private final String replyId;
    private final String attempt;
    private final Clock clock;
    private final Duration pollEvery;
    private Instant lastPoll;
    private volatile boolean stopped;
    private volatile boolean superseded;
    private boolean storeUnreachable;

    StopFlag(RunningReplies running, String userId, String replyId, String attempt, Clock clock, Duration pollEvery) {
        this.running = running;
        this.userId = userId;
        this.replyId = replyId;
        this.attempt = attempt;
        this.clock = clock;
        this.pollEvery = pollEvery;
        this.lastPoll = clock.instant(); // the attempt was recorded just now: nobody can have stopped it yet
    }

    @Override
    public synchronized boolean requested() {
        if (stopped || superseded) {
            return true;
        }
        if (storeUnreachable) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastPoll.plus(pollEvery))) {
            return false;
        }
        lastPoll = now;
        Poll poll;
        try {
            poll = running.poll(userId, replyId);
        } catch (RuntimeException storeHiccup) {
            // A failed read must not end a reply nobody stopped, nor stall the rest of it behind more timeouts.
            storeUnreachable = true;
            return false;
        }
        superseded = poll.attempt() != null && !poll.attempt().equals(attempt);
        stopped = !superseded && poll.stopRequested();
        return stopped || superseded;
    }

    /** The user asked to stop this reply. */
    boolean stopped() {
        return stopped;
    }

    /** Another attempt at this reply took over: this one must neither store nor send anything more. */
    boolean superseded() {
        return superseded;
    }
}
