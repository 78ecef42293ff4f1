package org.ibal.functions.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Rate windows are aligned to the epoch, so a one-day window is a UTC day and every instance agrees on where a
 * window starts. A sliding window counts the current fixed window plus the part of the previous one that the sliding
 * window still covers, weighted by that share (Cloudflare's approximation): a burst across a boundary cannot pass
 * twice the limit.
 */
public final class RateWindows {
    private RateWindows() {}

    /** The start of the window {@code at} falls in. */
    public static Instant start(Instant at, Duration window) {
        long seconds = window.toSeconds();
        long now = at.getEpochSecond();
        return Instant.ofEpochSecond(now - Math.floorMod(now, seconds));
    }

    /** The start of the window before the one {@code at} falls in. */
    public static Instant previousStart(Instant at, Duration window) {
        return start(at, window).minus(window);
    }

    /**
     * Events of the previous window that still count against the current one: its count times the share of it the
     * sliding window ending at {@code at} still covers, rounded up (so the estimate never lets one more through).
     */
    public static int carriedOver(long previousCount, Duration window, Instant at) {
        if (previousCount <= 0) {
            return 0;
        }
        long windowMillis = window.toMillis();
        long elapsed = at.toEpochMilli() - start(at, window).toEpochMilli();
        long remaining = windowMillis - elapsed;
        long weighted = Math.ceilDiv(Math.multiplyExact(previousCount, remaining), windowMillis);
        return (int) Math.min(Integer.MAX_VALUE, weighted);
    }
}
