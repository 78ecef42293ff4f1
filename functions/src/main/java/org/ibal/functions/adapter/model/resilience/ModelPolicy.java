package org.ibal.functions.adapter.model.resilience;

import java.time.Duration;
import org.ibal.functions.adapter.http.StreamTimeouts;

/**
 * Every number of the model call policy, in one place: timeouts, retry and circuit breaker. {@link ModelResilience}
 * turns it into resilience4j configuration; {@code ModelSettings} reads it from the environment.
 *
 * @param connectTimeout     TCP + TLS connect
 * @param timeouts           first token, idle between tokens, and overall: the whole reply, all attempts included
 * @param maxRetries         further attempts after the first, only while no delta has reached the user
 * @param backoffInitial     first wait before a retry; doubles each time, ±50 % jitter
 * @param backoffMax         longest wait before a retry
 * @param breakerWindow      how many recent calls the breaker looks at
 * @param breakerMinimumCalls calls needed before the breaker judges at all
 * @param failureRatePercent failure rate (in the window) that opens the breaker
 * @param slowCall           a call slower than this to its first delta counts as slow
 * @param slowCallRatePercent slow-call rate that opens the breaker
 * @param openWait           how long an open breaker refuses calls before trying again
 * @param halfOpenCalls      trial calls in half-open; all must succeed to close again
 * @param maxConcurrentCalls replies this instance may have with the provider at once (a bulkhead); 0 = no cap
 */
public record ModelPolicy(
        Duration connectTimeout,
        StreamTimeouts timeouts,
        int maxRetries,
        Duration backoffInitial,
        Duration backoffMax,
        int breakerWindow,
        int breakerMinimumCalls,
        float failureRatePercent,
        Duration slowCall,
        float slowCallRatePercent,
        Duration openWait,
        int halfOpenCalls,
        int maxConcurrentCalls) {

    public static final Duration DEFAULT_OVERALL = Duration.ofSeconds(120);
    public static final Duration DEFAULT_FIRST_TOKEN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final Duration DEFAULT_BREAKER_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_BREAKER_MINIMUM_CALLS = 5;
    /** Unlimited: on Lambda, the function's concurrency is the bulkhead. */
    public static final int UNLIMITED = 0;

    public ModelPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, not " + maxRetries);
        }
        if (breakerMinimumCalls < 1 || breakerWindow < breakerMinimumCalls) {
            throw new IllegalArgumentException("the breaker window (" + breakerWindow
                    + ") must hold at least its minimum calls (" + breakerMinimumCalls + ")");
        }
        if (maxConcurrentCalls < 0) {
            throw new IllegalArgumentException("maxConcurrentCalls must not be negative, not " + maxConcurrentCalls);
        }
    }

    /**
     * Tuned for LLM calls: a provider that fails half of the last 10 calls (at least 5) rests 30 s. The slow-call
     * threshold judges the wait for the first delta, not the reply's length — a long answer streaming steadily
     * is healthy — so it sits below the first-token timeout: a provider whose every recent call took over 20 s to
     * start is treated as down too.
     */
    public static ModelPolicy defaults(StreamTimeouts timeouts, int maxRetries) {
        return new ModelPolicy(
                Duration.ofSeconds(5),
                timeouts,
                maxRetries,
                Duration.ofMillis(500),
                Duration.ofSeconds(4),
                10,
                DEFAULT_BREAKER_MINIMUM_CALLS,
                50f,
                Duration.ofSeconds(20),
                100f,
                DEFAULT_BREAKER_WAIT,
                2,
                UNLIMITED);
    }

    public static ModelPolicy defaults() {
        return defaults(new StreamTimeouts(DEFAULT_FIRST_TOKEN, DEFAULT_IDLE, DEFAULT_OVERALL), DEFAULT_MAX_RETRIES);
    }

    public ModelPolicy withBackoff(Duration initial, Duration max) {
        return new ModelPolicy(
                connectTimeout,
                timeouts,
                maxRetries,
                initial,
                max,
                breakerWindow,
                breakerMinimumCalls,
                failureRatePercent,
                slowCall,
                slowCallRatePercent,
                openWait,
                halfOpenCalls,
                maxConcurrentCalls);
    }

    public ModelPolicy withBreaker(int window, int minimumCalls, Duration wait, int trialCalls) {
        return new ModelPolicy(
                connectTimeout,
                timeouts,
                maxRetries,
                backoffInitial,
                backoffMax,
                window,
                minimumCalls,
                failureRatePercent,
                slowCall,
                slowCallRatePercent,
                wait,
                trialCalls,
                maxConcurrentCalls);
    }

    /** The operator's breaker settings; the window grows to hold the minimum, so a larger minimum is allowed. */
    public ModelPolicy withBreakerSettings(int minimumCalls, Duration wait) {
        return withBreaker(Math.max(breakerWindow, minimumCalls), minimumCalls, wait, halfOpenCalls);
    }

    public ModelPolicy withMaxConcurrentCalls(int calls) {
        return new ModelPolicy(
                connectTimeout,
                timeouts,
                maxRetries,
                backoffInitial,
                backoffMax,
                breakerWindow,
                breakerMinimumCalls,
                failureRatePercent,
                slowCall,
                slowCallRatePercent,
                openWait,
                halfOpenCalls,
                calls);
    }
}
