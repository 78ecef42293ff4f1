package org.ibal.functions.domain.port;

import java.time.Duration;

/** Fixed-window counters shared by every instance. */
public interface RateLimiter {
    /**
     * Counts one event for {@code key} in the current window of length {@code window} (aligned to the epoch,
     * so a one-day window is a UTC day).
     *
     * @return false, counting nothing, if {@code limit} events were counted in this window already
     */
    boolean tryAcquire(String key, int limit, Duration window);
}
