package org.ibal.functions.adapter.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Remembers a health probe's answer for a few seconds, so a burst of health checks costs the provider one request.
 */
public final class CachedHealth {
    private final BooleanSupplier probe;
    private final Duration ttl;
    private final Clock clock;
    private Instant checkedAt;
    private boolean healthy;

    public CachedHealth(BooleanSupplier probe, Duration ttl, Clock clock) {
        this.probe = probe;
        this.ttl = ttl;
        this.clock = clock;
    }

    public synchronized boolean healthy() {
        Instant now = clock.instant();
        if (checkedAt == null || !now.isBefore(checkedAt.plus(ttl))) {
            healthy = probe.getAsBoolean();
            checkedAt = now;
        }
        return healthy;
    }
}
