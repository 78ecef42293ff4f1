package org.ibal.functions.domain.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Fixed-window counters shared by every instance. */
public interface RateLimiter {
    /**
     * At most {@code limit} events for {@code key} in each window of length {@code window} (aligned to the epoch,
     * so a one-day window is a UTC day).
     */
    record Limit(String key, int limit, Duration window) {
    }

    /**
     * Counts one event under every limit, all or none, in one write.
     *
     * @return empty when counted; else the first of {@code limits} already reached (and nothing is counted)
     */
    Optional<Limit> tryAcquireAll(List<Limit> limits);

    /** @return false, counting nothing, if {@code limit} events were counted in this window already */
    default boolean tryAcquire(String key, int limit, Duration window) {
        return tryAcquireAll(List.of(new Limit(key, limit, window))).isEmpty();
    }
}
