package org.ibal.functions.adapter.model.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.List;
import org.ibal.functions.adapter.http.CallDeadline;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.port.ChatModel;

/**
 * Any {@link ChatModel} behind its provider's circuit breaker and retry. A failed attempt is retried only while no
 * delta has reached the sink: once the user saw part of a reply, re-streaming would repeat it, so the failure is
 * final (and not retryable for the client either, whose chunks already show a partial answer). All attempts of one
 * reply share one time budget ({@link CallDeadline}): no attempt starts or runs past it.
 */
public final class ResilientChatModel implements ChatModel {
    private final String provider;
    private final ChatModel delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Duration replyBudget;

    /**
     * @param provider    names the breaker and retry ("flowise", "openai") and appears in messages
     * @param replyBudget the longest one reply may take, all attempts and pauses included
     */
    public ResilientChatModel(
            String provider,
            ChatModel delegate,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            Duration replyBudget) {
        this.provider = provider;
        this.delegate = delegate;
        this.retry = retries.retry(provider);
        this.breaker = breakers.circuitBreaker(provider);
        this.replyBudget = replyBudget;
    }

    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        TrackingSink tracked = new TrackingSink(sink);
        CallDeadline deadline = CallDeadline.after(replyBudget, request.cancellation());
        ModelRequest bounded = new ModelRequest(
                request.sessionId(), request.question(), request.history(), request.course(), deadline);
        return retry.executeSupplier(() -> attempt(bounded, deadline, tracked));
    }

    /** Down while the breaker is open, else whatever the provider's own probe says. */
    @Override
    public boolean healthy() {
        return breaker.getState() != CircuitBreaker.State.OPEN && delegate.healthy();
    }

    @Override
    public boolean usesHistory() {
        return delegate.usesHistory();
    }

    private ModelReply attempt(ModelRequest request, CallDeadline deadline, TrackingSink sink) {
        if (request.cancellation().requested()) {
            return new ModelReply(sink.text(), true, List.of(), List.of());
        }
        if (deadline.passed()) {
            throw outOfTime();
        }
        if (!breaker.tryAcquirePermission()) {
            throw new ModelFailure(
                    ModelFailure.Kind.CIRCUIT_OPEN,
                    "the " + provider + " model is failing, so IBAL " + "is not calling it for up to " + breakerWait()
                            + " s; try again shortly");
        }
        long start = breaker.getCurrentTimestamp();
        sink.startAttempt(breaker);
        try {
            ModelReply reply = delegate.stream(request, sink);
            breaker.onSuccess(sink.responseTime(start, breaker), breaker.getTimestampUnit());
            return reply;
        } catch (RuntimeException e) {
            if (e == sink.failure()) {
                // Our side (the push to the client) failed, not the provider.
                breaker.releasePermission();
                throw e;
            }
            breaker.onError(sink.responseTime(start, breaker), breaker.getTimestampUnit(), e);
            if (sink.delivered() && e instanceof ModelUnavailableException failure) {
                throw new ModelUnavailableException(
                        failure.getMessage() + " (the reply broke off after "
                                + sink.text().length() + " characters)",
                        false,
                        e);
            }
            if (deadline.passed() && e instanceof ModelUnavailableException failure) {
                // A plain ModelUnavailableException is not retried: the budget is spent.
                throw new ModelUnavailableException(failure.getMessage(), failure.retryable(), e);
            }
            throw e;
        }
    }

    private ModelUnavailableException outOfTime() {
        return new ModelUnavailableException(
                "the " + provider + " model did not answer within " + replyBudget.toMillis() + " ms", true, null);
    }

    private long breakerWait() {
        return breaker.getCircuitBreakerConfig()
                        .getWaitIntervalFunctionInOpenState()
                        .apply(1)
                / 1000;
    }

    /** Remembers what reached the user, and when the current attempt's first delta did. */
    private static final class TrackingSink implements DeltaSink {
        private final DeltaSink downstream;
        private final StringBuilder text = new StringBuilder();
        private long firstDeltaAt = -1;
        private RuntimeException failure;
        private CircuitBreaker clock;

        TrackingSink(DeltaSink downstream) {
            this.downstream = downstream;
        }

        void startAttempt(CircuitBreaker breaker) {
            this.clock = breaker;
            this.firstDeltaAt = -1;
        }

        @Override
        public void delta(String delta) {
            if (firstDeltaAt < 0) {
                firstDeltaAt = clock.getCurrentTimestamp();
            }
            try {
                downstream.delta(delta);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            text.append(delta);
        }

        boolean delivered() {
            return !text.isEmpty();
        }

        String text() {
            return text.toString();
        }

        RuntimeException failure() {
            return failure;
        }

        /** Time to the first delta: the breaker judges how fast the provider starts, not how long it talks. */
        long responseTime(long start, CircuitBreaker breaker) {
            long end = firstDeltaAt >= 0 ? firstDeltaAt : breaker.getCurrentTimestamp();
            return end - start;
        }
    }
}
