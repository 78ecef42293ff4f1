package org.ibal.functions.adapter.model.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.http.HttpClient;
import org.ibal.functions.adapter.model.ModelFailure;

/** The resilience4j side of {@link ModelPolicy}: the registries every provider's {@link ResilientChatModel} uses. */
public final class ModelResilience {
    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double BACKOFF_JITTER = 0.5;

    private ModelResilience() {}

    /** Retries only transient failures the adapters raise; a call the breaker refused is not retried. */
    public static RetryRegistry retries(ModelPolicy policy) {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(1 + policy.maxRetries())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        policy.backoffInitial(), BACKOFF_MULTIPLIER, BACKOFF_JITTER, policy.backoffMax()))
                .retryOnException(ModelResilience::worthRetrying)
                .build();
        return RetryRegistry.of(config);
    }

    /**
     * One breaker per provider name. Connect errors, timeouts, 429 and 5xx count as failures; a 4xx refusal (bad
     * key, unknown chatflow) proves the provider up and counts as a success.
     */
    public static CircuitBreakerRegistry breakers(ModelPolicy policy) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.breakerWindow())
                .minimumNumberOfCalls(policy.breakerMinimumCalls())
                .failureRateThreshold(policy.failureRatePercent())
                .slowCallDurationThreshold(policy.slowCall())
                .slowCallRateThreshold(policy.slowCallRatePercent())
                .waitDurationInOpenState(policy.openWait())
                .permittedNumberOfCallsInHalfOpenState(policy.halfOpenCalls())
                .recordException(ModelResilience::providerFault)
                .build();
        return CircuitBreakerRegistry.of(config);
    }

    /** The shared client; HTTP/1.1 because Flowise and most self-hosted servers speak only that over plain http. */
    public static HttpClient httpClient(ModelPolicy policy) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static boolean worthRetrying(Throwable failure) {
        return failure instanceof ModelFailure f
                && f.kind().isTransient()
                && f.kind() != ModelFailure.Kind.CIRCUIT_OPEN;
    }

    static boolean providerFault(Throwable failure) {
        return !(failure instanceof ModelFailure f) || f.kind().isProviderFault();
    }
}
