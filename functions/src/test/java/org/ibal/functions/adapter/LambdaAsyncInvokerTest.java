package org.ibal.functions.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ibal.functions.adapter.lambda.LambdaAsyncInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The hand-signed asynchronous Invoke against a local endpoint that answers like Lambda. */
class LambdaAsyncInvokerTest {
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer lambda;
    private LambdaAsyncInvoker invoker;

    @BeforeEach
    void start() throws Exception {
        lambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambda.createContext("/", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("path", exchange.getRequestURI().getRawPath());
            seen.put("type", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")));
            seen.put(
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put("token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean allowed = exchange.getRequestURI().getRawPath().contains("live");
            if (allowed) {
                exchange.sendResponseHeaders(202, -1);
            } else {
                byte[] answer = "{\"Type\":\"User\",\"message\":\"not authorized to perform lambda:InvokeFunction\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "AccessDeniedException");
                exchange.sendResponseHeaders(403, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        lambda.start();
        invoker = new LambdaAsyncInvoker(
                UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-1")),
                Region.EU_WEST_1,
                URI.create("http://127.0.0.1:" + lambda.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        lambda.stop(0);
    }

    @Test
    void invokeAsync_postsTheEvent_signedForLambda_asAnEventInvocationOfTheEncodedArn() {
        String arn = "arn:aws:lambda:eu-west-1:123456789012:function:ibal-Chat:live";

        invoker.invokeAsync(arn, "{\"ibalJob\":\"reply\"}");

        assertThat(seen.get("method")).isEqualTo("POST");
        assertThat(seen.get("path"))
                .isEqualTo("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012"
                        + "%3Afunction%3Aibal-Chat%3Alive/invocations");
        assertThat(seen.get("type")).isEqualTo("Event");
        assertThat(seen.get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/lambda/aws4_request");
        assertThat(seen.get("token")).isEqualTo("session-1");
        assertThat(seen.get("body")).isEqualTo("{\"ibalJob\":\"reply\"}");
    }

    @Test
    void aRefusedInvocation_throws_namingStatusAndErrorType() {
        assertThatThrownBy(() -> invoker.invokeAsync("ibal-Chat", "{}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("AccessDeniedException");
    }

    @Test
    void theDefaultEndpoint_isRegional() {
        assertThat(LambdaAsyncInvoker.endpointFor(Region.EU_WEST_1))
                .isEqualTo(URI.create("https://lambda.eu-west-1.amazonaws.com"));
    }
}
