package org.ibal.functions.adapter.model.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ibal.testsupport.flowise.FlowiseStandIn.*;
import static org.ibal.testsupport.flowise.FlowiseWire.*;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ibal.functions.adapter.http.StreamTimeouts;
import org.ibal.functions.adapter.http.StreamingHttp;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.flowise.FlowiseChatModel;
import org.ibal.functions.adapter.model.flowise.FlowiseConfig;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.port.ChatModel.Cancellation;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.support.MutableClock;
import org.ibal.testsupport.flowise.FlowiseStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resilience policy, observed at a Flowise stand-in: what was retried, what opened the breaker. */
class ResilientChatModelTest {
    static final String CHATFLOW = "1f0b3c5e-8d2a-4f6b-9c7d-0e1a2b3c4d5e";
    static final StreamTimeouts QUICK =
            new StreamTimeouts(Duration.ofMillis(700), Duration.ofMillis(500), Duration.ofSeconds(5));

    final FlowiseStandIn flowise = FlowiseStandIn.listening();
    final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> deltas = new CopyOnWriteArrayList<>();
    CircuitBreakerRegistry breakers;

    @AfterEach
    void stop() {
        flowise.close();
        client.close();
    }

    ResilientChatModel model(ModelPolicy policy) {
        breakers = ModelResilience.breakers(policy);
        var flowiseModel = new FlowiseChatModel(
                new FlowiseConfig(flowise.url(), CHATFLOW, null),
                new StreamingHttp(client, "Flowise", policy.timeouts()),
                new MutableClock(Instant.EPOCH));
        return new ResilientChatModel(
                "flowise",
                flowiseModel,
                ModelResilience.retries(policy),
                breakers,
                policy.timeouts().overall());
    }

    static ModelPolicy policy(int maxRetries) {
        return ModelPolicy.defaults(QUICK, maxRetries).withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));
    }

    static ModelRequest ask(String question) {
        return new ModelRequest("s_1", question, List.of(), null, Cancellation.NEVER);
    }

    CircuitBreaker breaker() {
        return breakers.circuitBreaker("flowise");
    }

    @Test
    void stream_triesExactlyOnePlusMaxRetriesTimes_on503_thenFailsRetryably() {
        flowise.then(error(503, "busy"), error(503, "busy"), error(503, "busy"), error(503, "never asked"));

        assertThatThrownBy(() -> model(policy(2)).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR);
                    assertThat(f.retryable()).isTrue();
                });
        assertThat(flowise.predictions()).hasSize(3);
    }

    @Test
    void stream_succeedsOnARetry_afterConnectionFailuresAndRateLimits() {
        flowise.then(
                rateLimited("Too many requests"),
                error(502, "bad gateway"),
                stream(start(), token("Fine"), token(" now"), end()));

        ModelReply reply = model(policy(2)).stream(ask("Hi"), deltas::add);

        assertThat(reply.text()).isEqualTo("Fine now");
        assertThat(deltas).containsExactly("Fine", " now");
        assertThat(flowise.predictions()).hasSize(3);
    }

    @Test
    void stream_doesNotRetry_onceATokenReachedTheUser_andTheFailureIsNoLongerRetryable() {
        flowise.then(
                stream(start(), token("Half"), errorEvent("Error: connection to LLM lost"), end()),
                stream(start(), token("Half"), token(" and the rest"), end()));

        assertThatThrownBy(() -> model(policy(2)).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelUnavailableException.class,
                        f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("connection to LLM lost")
                .hasMessageContaining("broke off after 4 characters");
        assertThat(deltas).containsExactly("Half");
        assertThat(flowise.predictions()).hasSize(1);
    }

    @Test
    void stream_retriesATimeoutBeforeTheFirstToken() {
        flowise.then(
                stream(start(), heartbeatsFor(Duration.ofSeconds(2), Duration.ofMillis(100)), end()),
                stream(start(), token("Awake"), end()));

        ModelReply reply = model(policy(1)).stream(ask("Hi"), deltas::add);

        assertThat(reply.text()).isEqualTo("Awake");
        assertThat(flowise.predictions()).hasSize(2);
    }

    @Test
    void stream_keepsAllAttemptsWithinTheReplyBudget() {
        ModelPolicy policy = ModelPolicy.defaults(
                        new StreamTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(1200)), 5)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20));
        for (int i = 0; i < 6; i++) {
            flowise.then(stream(start(), heartbeatsFor(Duration.ofSeconds(3), Duration.ofMillis(100)), end()));
        }

        long started = System.nanoTime();
        assertThatThrownBy(() -> model(policy).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelUnavailableException.class,
                        f -> assertThat(f.retryable()).isTrue())
                .hasMessageContaining("took longer than 1200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1800));
        assertThat(flowise.predictions()).hasSize(3);
    }

    @Test
    void stream_doesNotRetry_aRefusal() {
        flowise.then(error(404, "Chatflow " + CHATFLOW + " not found in the database!"), stream(start(), end()));

        assertThatThrownBy(() -> model(policy(2)).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.retryable()).isFalse());
        assertThat(flowise.predictions()).hasSize(1);
    }

    @Test
    void stream_doesNotRetry_anUnknownChatflow() {
        flowise.unknownChatflow(CHATFLOW);

        assertThatThrownBy(() -> model(policy(2)).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.REJECTED));
        assertThat(flowise.streamingChecks()).isEqualTo(1);
        assertThat(flowise.predictions()).isEmpty();
    }

    @Test
    void breaker_opensAfterRepeatedFailures_refusesWithoutCalling_andClosesAfterASuccessfulTrial() throws Exception {
        ModelPolicy policy = policy(0).withBreaker(4, 4, Duration.ofMillis(300), 1);
        ResilientChatModel model = model(policy);
        flowise.then(error(500, "a"), error(500, "b"), error(500, "c"), error(500, "d"));
        flowise.pingAnswersPong(true);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> model.stream(ask("Hi"), deltas::add)).isInstanceOf(ModelFailure.class);
        }
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> model.stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
                    assertThat(f.retryable()).isTrue();
                })
                .hasMessageContaining("not calling it");
        assertThat(flowise.predictions()).hasSize(4);
        assertThat(model.healthy()).isFalse();

        Thread.sleep(350);
        flowise.then(stream(start(), token("Back"), end()));
        assertThat(model.stream(ask("Hi"), deltas::add).text()).isEqualTo("Back");
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(flowise.predictions()).hasSize(5);
        assertThat(model.healthy()).isTrue();
    }

    @Test
    void breaker_staysClosed_whenFlowiseRefusesRequestsItself() {
        ModelPolicy policy = policy(0).withBreaker(4, 4, Duration.ofSeconds(30), 1);
        ResilientChatModel model = model(policy);
        for (int i = 0; i < 5; i++) {
            flowise.then(error(404, "Chatflow not found"));
            assertThatThrownBy(() -> model.stream(ask("Hi"), deltas::add)).isInstanceOf(ModelFailure.class);
        }

        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(flowise.predictions()).hasSize(5);
    }

    @Test
    void stream_neitherRetriesNorBlamesFlowise_whenPushingToTheClientFails() {
        flowise.then(stream(start(), token("Hello"), end()), stream(start(), token("Hello"), end()));
        RuntimeException gone = new IllegalStateException("connection gone");

        assertThatThrownBy(() -> model(policy(2)).stream(ask("Hi"), delta -> {
                    throw gone;
                }))
                .isSameAs(gone);
        assertThat(flowise.predictions()).hasSize(1);
        assertThat(breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
    }
}
