package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IBAL_MAX_CONCURRENT_INVOCATIONS: invocations beyond the cap wait their turn; late ones are dropped. */
class InvocationCapTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(
                Map.of("IBAL_MAX_CONCURRENT_INVOCATIONS", "1", "IBAL_HTTP_INTEGRATION_TIMEOUT", "2500ms"));
        // the first call loads the function's classes (a second or more on a busy machine): not what is measured here
        slow(1).join();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static CompletableFuture<HttpResponse<String>> slow(int millis) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway.httpUrl() + "/api/slow?ms=" + millis))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void invocationsBeyondTheCap_runOneAfterTheOther() {
        // when: three calls of 400 ms at once, with room for one at a time
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = List.of(slow(400), slow(400), slow(400));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        // then: all answered, in about three times one call's time
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(1200);
    }

    @Test
    void anInvocationStillWaitingAtTheTimeout_getsTheTimeoutAnswer_andIsDropped() throws Exception {
        // given: the only slot busy for longer than the integration timeout
        CompletableFuture<HttpResponse<String>> busy = slow(4000);
        Thread.sleep(200);

        // when: a call of 5 s waits for it
        HttpResponse<String> waiting = slow(5000).join();

        // then: API Gateway's timeout answer for both; the busy function runs on to its end (4 s), and the
        // waiting one never runs: had it run after that, a call at 4.7 s would wait until 9 s for the slot
        assertThat(waiting.statusCode()).isEqualTo(503);
        assertThat(busy.join().statusCode()).isEqualTo(503);
        Thread.sleep(2000);
        long started = System.nanoTime();
        assertThat(slow(1).join().statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
    }

    @Test
    void aNegativeCap_isRefusedWithTheSettingToFix() {
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("IBAL_MAX_CONCURRENT_INVOCATIONS", "-1")))
                .hasMessageContaining("IBAL_MAX_CONCURRENT_INVOCATIONS");
    }
}
