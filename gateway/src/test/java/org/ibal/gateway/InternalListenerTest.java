package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two listeners: the public one serves nothing internal, whatever the caller sends; the internal one serves
 * {@code @connections} and Lambda's Invoke API only to calls signed with the functions' credentials, and answers
 * everything else as API Gateway and Lambda answer an unsigned or wrongly signed call.
 */
class InternalListenerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;
    private static WsClient client;
    private static String connectionId;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of());
        client = WsClient.connect(gateway.webSocketUrl());
        client.send("{\"action\":\"connectEvent\"}");
        connectionId = client.nextJson()
                .get("event")
                .get("requestContext")
                .get("connectionId")
                .asText();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static String connectionsUrl(String base) {
        return base + "/fixture/@connections/" + connectionId;
    }

    private static String invokeUrl(String base) {
        return base + "/2015-03-31/functions/HttpFunction/invocations";
    }

    @Test
    void publicListener_servesNoInternalPath_evenToASignedCall() throws Exception {
        String base = gateway.httpUrl();
        assertThat(InternalApi.signedPost(connectionsUrl(base), Map.of(), "hi", "execute-api")
                        .statusCode())
                .isEqualTo(404);
        assertThat(InternalApi.unsigned("GET", connectionsUrl(base), Map.of(), "")
                        .statusCode())
                .isEqualTo(404);
        assertThat(InternalApi.signedPost(invokeUrl(base), Map.of(), "{\"rawPath\":\"/api/raw\"}", "lambda")
                        .statusCode())
                .isEqualTo(404);
        assertThat(InternalApi.unsigned("GET", invokeUrl(base), Map.of(), "").statusCode())
                .isEqualTo(404);
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/_gateway/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(404);
        assertThat(health.body()).doesNotContain("postsToConnection");
        assertThat(client.poll(300)).as("nothing reached the client").isNull();
    }

    @Test
    void internalListener_servesTheHealthCheckUnsigned_butNoWebSocket() throws Exception {
        HttpResponse<String> health = InternalApi.get(gateway, "/_gateway/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(WsClient.JSON.readTree(health.body()).path("status").asText())
                .isEqualTo("ok");
        assertThat(WsClient.refusedStatus(gateway.internalUrl().replace("http", "ws") + "/fixture"))
                .isEqualTo(404);
    }

    @Test
    void unsignedCalls_are403MissingAuthenticationToken() throws Exception {
        for (HttpResponse<String> answer : new HttpResponse[] {
            InternalApi.unsigned("POST", connectionsUrl(gateway.internalUrl()), Map.of(), "forged"),
            InternalApi.unsigned("GET", connectionsUrl(gateway.internalUrl()), Map.of(), ""),
            InternalApi.unsigned(
                    "POST",
                    invokeUrl(gateway.internalUrl()),
                    Map.of("X-Amz-Invocation-Type", "Event"),
                    "{\"rawPath\":\"/api/raw\"}")
        }) {
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
            assertThat(WsClient.JSON.readTree(answer.body()).path("message").asText())
                    .isEqualTo("Missing Authentication Token");
        }
        assertThat(client.poll(300)).as("nothing reached the client").isNull();
    }

    @Test
    void healthCountsSignedCalls_onlyThoseWhoseSignatureWasVerified() throws Exception {
        String gone = gateway.internalUrl() + "/fixture/@connections/goneConnX%3D";
        long before = signedCalls();

        InternalApi.unsigned("POST", gone, Map.of(), "forged");
        InternalApi.signed("POST", gone, Map.of(), "forged", "execute-api", "not-the-secret", Clock.systemUTC());
        int verified =
                InternalApi.signedPost(gone, Map.of(), "lost", "execute-api").statusCode();

        assertThat(verified).isEqualTo(410);
        assertThat(signedCalls() - before).isEqualTo(1);
    }

    private static long signedCalls() throws Exception {
        HttpResponse<String> health = InternalApi.get(gateway, "/_gateway/health");
        return WsClient.JSON.readTree(health.body()).path("signedCalls").asLong(-1);
    }

    @Test
    void callsSignedWithAnotherSecret_are403InvalidSignature() throws Exception {
        HttpResponse<String> post = InternalApi.signed(
                "POST",
                connectionsUrl(gateway.internalUrl()),
                Map.of(),
                "forged",
                "execute-api",
                "not-the-secret",
                Clock.systemUTC());
        HttpResponse<String> invoke = InternalApi.signed(
                "POST",
                invokeUrl(gateway.internalUrl()),
                Map.of(),
                "{\"rawPath\":\"/api/raw\"}",
                "lambda",
                "not-the-secret",
                Clock.systemUTC());
        for (HttpResponse<String> answer : new HttpResponse[] {post, invoke}) {
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("x-amzn-ErrorType")).contains("InvalidSignatureException");
            assertThat(WsClient.JSON.readTree(answer.body()).path("message").asText())
                    .isEqualTo("The request signature we calculated does not match the signature you provided.");
        }
        assertThat(client.poll(300)).as("nothing reached the client").isNull();
    }

    @Test
    void aSignatureForAnotherServiceOrBody_isInvalid() throws Exception {
        // signed as a Lambda call, sent to @connections
        assertThat(InternalApi.signedPost(connectionsUrl(gateway.internalUrl()), Map.of(), "x", "lambda")
                        .statusCode())
                .isEqualTo(403);
        // a valid signature, replayed with another body
        HttpResponse<String> replayed =
                InternalApi.signedPost(connectionsUrl(gateway.internalUrl()), Map.of(), "original", "execute-api");
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(client.next()).isEqualTo("original");
        assertThat(InternalApi.unsigned(
                                "POST",
                                connectionsUrl(gateway.internalUrl()),
                                Map.of(
                                        "Authorization",
                                        replayed.request()
                                                .headers()
                                                .firstValue("Authorization")
                                                .orElseThrow(),
                                        "X-Amz-Date",
                                        replayed.request()
                                                .headers()
                                                .firstValue("X-Amz-Date")
                                                .orElseThrow(),
                                        "x-amz-content-sha256",
                                        replayed.request()
                                                .headers()
                                                .firstValue("x-amz-content-sha256")
                                                .orElseThrow()),
                                "tampered")
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.poll(300))
                .as("the tampered body never reached the client")
                .isNull();
    }

    @Test
    void aSignatureOlderThanFiveMinutes_isExpired_butOneWithinThemIsGood() throws Exception {
        Clock sixMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
        HttpResponse<String> stale = InternalApi.signed(
                "POST",
                connectionsUrl(gateway.internalUrl()),
                Map.of(),
                "late",
                "execute-api",
                InternalApi.SECRET,
                sixMinutesAgo);
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(stale.headers().firstValue("x-amzn-ErrorType")).contains("InvalidSignatureException");
        assertThat(WsClient.JSON.readTree(stale.body()).path("message").asText())
                .startsWith("Signature expired");

        Clock fourMinutesAhead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(4));
        assertThat(InternalApi.signed(
                                "POST",
                                connectionsUrl(gateway.internalUrl()),
                                Map.of(),
                                "skewed but fine",
                                "execute-api",
                                InternalApi.SECRET,
                                fourMinutesAhead)
                        .statusCode())
                .isEqualTo(200);
        assertThat(client.next()).isEqualTo("skewed but fine");
    }

    @Test
    void signedCalls_work_asTheFunctionsMakeThem() throws Exception {
        HttpResponse<String> post =
                InternalApi.signedPost(connectionsUrl(gateway.internalUrl()), Map.of(), "signed", "execute-api");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(client.next()).isEqualTo("signed");
        HttpResponse<String> invoke = InternalApi.signedPost(
                invokeUrl(gateway.internalUrl()), Map.of(), "{\"rawPath\":\"/api/raw\"}", "lambda");
        assertThat(invoke.statusCode()).isEqualTo(200);
        assertThat(invoke.body()).isEqualTo("{\"hello\":\"world\"}");
    }
}
