package org.ibal.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Asynchronous invocations wait for a slot in a bounded line: past 256 waiting, Lambda's 429. */
class EventQueueTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of("IBAL_MAX_CONCURRENT_INVOCATIONS", "1"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> event(String payload) throws Exception {
        return InternalApi.signedPost(
                gateway.internalUrl() + "/2015-03-31/functions/HttpFunction/invocations",
                Map.of("X-Amz-Invocation-Type", "Event"),
                payload,
                "lambda");
    }

    @Test
    void pastTheLineOf256WaitingEvents_anInvokeIsThrottledWith429_untilTheLineMoves() throws Exception {
        // given: the only slot busy for a while
        assertThat(event("{\"rawPath\":\"/api/slow\",\"queryStringParameters\":{\"ms\":\"12000\"}}")
                        .statusCode())
                .isEqualTo(202);
        Thread.sleep(300);

        // when: 256 events queue behind it, and one more comes
        List<Future<HttpResponse<String>>> queued = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < LambdaInvokeApi.MAX_WAITING_EVENTS; i++) {
                queued.add(callers.submit(() -> event("{\"rawPath\":\"/api/raw\"}")));
            }
            for (Future<HttpResponse<String>> call : queued) {
                assertThat(call.get().statusCode()).isEqualTo(202);
            }
        }
        HttpResponse<String> throttled = event("{\"rawPath\":\"/api/raw\"}");

        // then: Lambda's throttling answer, and once the line has moved, events are accepted again
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
        assertThat(WsClient.JSON.readTree(throttled.body()).path("message").asText())
                .isEqualTo("Rate Exceeded.");
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status;
        do {
            Thread.sleep(200);
            status = event("{\"rawPath\":\"/api/raw\"}").statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(202);
    }
}
