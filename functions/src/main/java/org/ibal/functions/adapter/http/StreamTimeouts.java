package org.ibal.functions.adapter.http;

import java.time.Duration;

/**
 * Our own deadlines for a streamed answer. The JDK's request timeout only covers the response headers, and a
 * stream can stall long after them, so each gap is bounded separately.
 *
 * @param firstToken from sending the request to the first delta (a non-streaming JSON answer must arrive whole
 *                   within it, as its headers only come when it is ready)
 * @param idle       between deltas once the first arrived
 * @param overall    the whole attempt (and, through {@link CallDeadline}, the whole reply)
 */
public record StreamTimeouts(Duration firstToken, Duration idle, Duration overall) {
    public StreamTimeouts {
        requirePositive("firstToken", firstToken);
        requirePositive("idle", idle);
        requirePositive("overall", overall);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, not " + value);
        }
    }
}
