package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A client that stops reading: PostToConnection never waits for it, what piles up for it is bounded (here 256 KB),
 * and past that it is closed with 1008 "slow consumer" and later posts to it are Gone — while the only invocation slot
 * stays free for everyone else.
 */
class SlowConsumerTest {
    private static final String CHUNK = "x".repeat(100 * 1024);
    private static Gateway gateway;
    private static ApiGatewayManagementApiClient management;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of(
                "IBAL_WS_SEND_BUFFER_BYTES",
                String.valueOf(256 * 1024),
                "IBAL_MAX_CONCURRENT_INVOCATIONS",
                "1",
                "IBAL_WS_MESSAGES_PER_SECOND",
                "0"));
        management = InternalApi.management(gateway, "fixture");
    }

    @AfterAll
    static void stop() {
        management.close();
        gateway.close();
    }

    /** A socket whose client reads nothing until told to; counts what it then reads and how it was closed. */
    private static final class StalledClient implements WebSocket.Listener {
        final CompletableFuture<WsClient.Closed> closed = new CompletableFuture<>();
        final AtomicLong charsRead = new AtomicLong();
        final WebSocket socket;
        volatile String id;

        StalledClient(String url) {
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create(url), this)
                    .join();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            // no request(1): nothing is read from the socket until resume()
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            charsRead.addAndGet(data.length());
            if (id == null && data.toString().contains("\"connectionId\"")) {
                id = data.toString().replaceAll(".*\"connectionId\":\"([^\"]+)\".*", "$1");
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new WsClient.Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new WsClient.Closed(1006, String.valueOf(error)));
        }

        void resume() {
            socket.request(Long.MAX_VALUE);
        }
    }

    private static String idOf(StalledClient client) throws Exception {
        client.socket.sendText("{\"action\":\"connectEvent\"}", true).join();
        client.socket.request(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (client.id == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.id).isNotNull();
        return client.id;
    }

    @Test
    void postsToAClientThatDoesNotRead_neverWait_andPastTheBufferItIsClosedAsASlowConsumer() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StalledClient slow = new StalledClient(gateway.webSocketUrl());
        String id = idOf(slow);
        int accepted = 0;
        long slowestPostMillis = 0;
        System.setErr(new PrintStream(captured, true));
        try {
            // when: posts pile up (the sockets' own buffers take some megabytes first)
            for (int i = 0; i < 2000; i++) {
                long started = System.nanoTime();
                try {
                    management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String(CHUNK)));
                    accepted++;
                } catch (GoneException slowConsumer) {
                    break;
                } finally {
                    slowestPostMillis = Math.max(slowestPostMillis, (System.nanoTime() - started) / 1_000_000);
                }
            }
        } finally {
            System.setErr(err);
        }

        // then: every post answered at once, until the client was a slow consumer; from then on it is Gone
        assertThat(accepted).isBetween(3, 1999);
        assertThat(slowestPostMillis).as("no post waited for the client").isLessThan(1_000);
        assertThatThrownBy(() ->
                        management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("late"))))
                .isInstanceOf(GoneException.class);
        assertThat(captured.toString()
                        .lines()
                        .filter(line -> line.contains("(slow consumer)"))
                        .count())
                .isEqualTo(1);
        assertThat(captured.toString()).as("no stack trace for a slow client").doesNotContain("\tat ");

        // and a client that reads again finds the close frame behind what was already in flight
        slow.resume();
        WsClient.Closed closed = slow.closed.get(15, TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(1008);
        assertThat(closed.reason()).isEqualTo("slow consumer");
    }

    @Test
    void aFunctionPushingToAClientThatDoesNotRead_holdsNoSlot_fromAnyoneElse() throws Exception {
        StalledClient slow = new StalledClient(gateway.webSocketUrl());
        String slowId = idOf(slow);
        try (WsClient pusher = WsClient.connect(gateway.webSocketUrl());
                WsClient other = WsClient.connect(gateway.webSocketUrl())) {
            // given: a function (one invocation slot in all) pushing 100 KB to the stalled client, 12 MB in all: more
            // than
            // the sockets' buffers hold
            for (int i = 0; i < 120; i++) {
                pusher.send("{\"action\":\"send\",\"to\":\"" + slowId + "\",\"text\":\"" + CHUNK + "\"}");
            }
            Thread.sleep(500);

            // when: another learner sends a message
            long started = System.nanoTime();
            other.send("{\"action\":\"echo\"}");
            assertThat(other.nextJson(frame -> frame.path("route").asText().equals("echo")))
                    .isNotNull();

            // then: answered within seconds, not after pushes that each wait for the stalled client
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        } finally {
            slow.socket.abort();
        }
    }
}
