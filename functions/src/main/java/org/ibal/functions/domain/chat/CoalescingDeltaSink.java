package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ibal.functions.domain.port.ChatModel.DeltaSink;

/**
 * Batches a model's deltas so one push to the client carries at most one {@code window} of tokens (API Gateway
 * bills per message, and a model can emit a token every few milliseconds). The first delta goes out at once, so
 * the user sees the answer start without delay; later ones wait until the window that the first of them opened
 * has passed — flushed by a timer, or by the next delta if the timer is late — and {@link #close()} flushes the
 * rest. Pushes happen one at a time and in order; a push that failed on the timer is rethrown to the model's
 * thread at its next call, so the reply stops there.
 */
public final class CoalescingDeltaSink implements DeltaSink, AutoCloseable {
    /** Runs a task after a delay; returns how to cancel it. The seam for tests (see {@link #of}). */
    @FunctionalInterface
    public interface Scheduler {
        Runnable schedule(Duration delay, Runnable task);

        static Scheduler of(ScheduledExecutorService executor) {
            return (delay, task) -> {
                ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            };
        }
    }

    private final DeltaSink downstream;
    private final Duration window;
    private final Clock clock;
    private final Scheduler scheduler;

    private final StringBuilder pending = new StringBuilder();
    private boolean anySent;
    private Instant windowStart;
    private Runnable cancelTimer;
    private RuntimeException timerFailure;

    public CoalescingDeltaSink(DeltaSink downstream, Duration window, Clock clock, Scheduler scheduler) {
        this.downstream = downstream;
        this.window = window;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void delta(String text) {
        rethrowTimerFailure();
        if (text.isEmpty()) {
            return;
        }
        if (!anySent) {
            anySent = true;
            downstream.delta(text);
            return;
        }
        if (pending.isEmpty()) {
            windowStart = clock.instant();
            cancelTimer = scheduler.schedule(window, this::flushOnTimer);
        }
        pending.append(text);
        if (!clock.instant().isBefore(windowStart.plus(window))) {
            flush();
        }
    }

    /** Pushes what is pending; call when the model is done (or failed), before the final message. */
    @Override
    public synchronized void close() {
        rethrowTimerFailure();
        flush();
    }

    private synchronized void flushOnTimer() {
        try {
            flush();
        } catch (RuntimeException e) {
            timerFailure = e;
        }
    }

    private void flush() {
        if (cancelTimer != null) {
            cancelTimer.run();
            cancelTimer = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        String batch = pending.toString();
        pending.setLength(0);
        downstream.delta(batch);
    }

    private void rethrowTimerFailure() {
        if (timerFailure != null) {
            RuntimeException failure = timerFailure;
            timerFailure = null;
            throw failure;
        }
    }
}
