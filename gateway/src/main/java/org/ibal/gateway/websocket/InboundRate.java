package org.ibal.gateway.websocket;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One connection's inbound frame rate, with API Gateway's algorithm: a token bucket that refills at
 * {@code ratePerSecond} up to {@code burst}; a frame that finds it empty is not routed. The client hears so at most
 * once a second (API Gateway's throttled-route answer), and a connection that keeps sending at more than three times
 * its rate for five seconds in a row is flooding: its owner closes it.
 */
final class InboundRate {
    /** What to do with one incoming frame. */
    enum Decision {
        ROUTE,
        /** Not routed; tell the client (the first throttled frame this second). */
        THROTTLE_AND_ANSWER,
        /** Not routed, silently (already told this second). */
        THROTTLE,
        /** Sustained flood: close the connection. */
        CLOSE
    }

    static final int FLOOD_FACTOR = 3;
    static final int FLOOD_SECONDS = 5;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long refilledAt;
    private long answeredAt;
    private boolean answeredOnce;
    private long windowStart;
    private int framesInWindow;
    private int floodedWindows;

    /** @param ratePerSecond 0 for no limit */
    InboundRate(double ratePerSecond, int burst, LongSupplier nanos) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.tokens = burst;
        this.refilledAt = nanos.getAsLong();
        this.windowStart = refilledAt;
    }

    synchronized Decision admit() {
        if (ratePerSecond <= 0) {
            return Decision.ROUTE;
        }
        long now = nanos.getAsLong();
        if (countFlood(now)) {
            return Decision.CLOSE;
        }
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerSecond / SECOND);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Decision.ROUTE;
        }
        if (!answeredOnce || now - answeredAt >= SECOND) {
            answeredOnce = true;
            answeredAt = now;
            return Decision.THROTTLE_AND_ANSWER;
        }
        return Decision.THROTTLE;
    }

    /** Counts the frame in its one-second window; true once five windows in a row each passed 3× the rate. */
    private boolean countFlood(long now) {
        long elapsed = now - windowStart;
        if (elapsed >= SECOND) {
            boolean flooded = framesInWindow > FLOOD_FACTOR * ratePerSecond;
            // a quiet second in between (no frame at all) breaks the streak
            floodedWindows = flooded && elapsed < 2 * SECOND ? floodedWindows + 1 : 0;
            windowStart = elapsed < 2 * SECOND ? windowStart + SECOND : now;
            framesInWindow = 0;
        }
        framesInWindow++;
        return floodedWindows >= FLOOD_SECONDS - 1 && framesInWindow > FLOOD_FACTOR * ratePerSecond;
    }
}
