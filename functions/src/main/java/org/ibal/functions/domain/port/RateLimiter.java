package org.ibal.functions.domain.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.RateWindows;

/** Counters shared by every instance, one per key and window (windows as {@link org.ibal.functions.domain.RateWindows}). */
public interface RateLimiter {
    /**
     * At most {@code limit} events for {@code key} in each window of length {@code window}.
     *
     * @param carriedOver events of the previous window that still count against this one (a sliding window; see
     *                    {@link org.ibal.functions.domain.RateWindows#carriedOver}); 0 for a fixed window
     */
    record Limit(String key, int limit, Duration window, int carriedOver) {
        public Limit(String key, int limit, Duration window) {
            this(key, limit, window, 0);
        }

        /** How many events the current window may still count at most. */
        public int room() {
            return limit - carriedOver;
        }
    }

    /** The counter of {@code key} in the window starting at {@code windowStart}. */
    record Counter(String key, Instant windowStart) {}

    /**
     * Counts one event under every limit, all or none, in one write; each count is conditional on its window's
     * counter being under {@link Limit#room()}, so concurrent callers never overshoot.
     *
     * @return empty when counted; else the first of {@code limits} already reached (and nothing is counted)
     */
    Optional<Limit> tryAcquireAll(List<Limit> limits, Instant at);

    /** @return false, counting nothing, if {@code limit} events were counted in this window already */
    default boolean tryAcquire(String key, int limit, Duration window, Instant at) {
        return tryAcquireAll(List.of(new Limit(key, limit, window)), at).isEmpty();
    }

    /**
     * Like {@link #tryAcquire}, over a sliding window (see {@link #tryAcquireAllSliding}).
     */
    default boolean tryAcquireSliding(String key, int limit, Duration window, Instant at) {
        return tryAcquireAllSliding(List.of(new Limit(key, limit, window)), at).isEmpty();
    }

    /**
     * Like {@link #tryAcquireAll}, over sliding windows: each limit's previous window counts by the share of it the
     * last {@code window} still covers, so a burst across a window boundary cannot pass twice the limit. One read
     * more per limit; what {@link #release} takes back is still counted in the current window.
     *
     * @param limits fixed-window limits ({@code carriedOver} 0)
     * @return empty when counted; else the one of {@code limits} (the same instance) already reached
     */
    default Optional<Limit> tryAcquireAllSliding(List<Limit> limits, Instant at) {
        List<Limit> sliding = limits.stream()
                .map(limit -> {
                    long previous = count(new Counter(limit.key(), RateWindows.previousStart(at, limit.window())));
                    int carriedOver = RateWindows.carriedOver(previous, limit.window(), at);
                    return new Limit(limit.key(), limit.limit(), limit.window(), carriedOver);
                })
                .toList();
        return tryAcquireAll(sliding, at).map(reached -> limits.get(sliding.indexOf(reached)));
    }

    /** Takes back one event each that {@link #tryAcquireAll} counted at {@code countedAt} (never below zero). */
    void release(List<Limit> limits, Instant countedAt);

    /** The count of one window (0 when nothing was counted). */
    long count(Counter counter);
}
