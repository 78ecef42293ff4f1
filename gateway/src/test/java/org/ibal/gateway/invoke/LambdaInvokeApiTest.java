package org.ibal.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.InternalApi;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Details of Lambda's Invoke API on the gateway beyond org.ibal.gateway.LambdaInvokeApiTest: every spelling of a
 * function name, and that an Event invocation does not wait for the function.
 */
class LambdaInvokeApiTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Invoke on the internal listener, signed as the functions sign it. */
    private static HttpResponse<String> invoke(String functionName, String type, String event) throws Exception {
        return InternalApi.signedPost(
                gateway.internalUrl() + "/2015-03-31/functions/"
                        + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations",
                type == null ? Map.of() : Map.of("X-Amz-Invocation-Type", type),
                event,
                "lambda");
    }

    @Test
    void functionName_isTheLogicalId_inEverySpellingLambdaAccepts() {
        assertThat(LambdaInvokeApi.functionId("ChatFunction")).isEqualTo("ChatFunction");
        assertThat(LambdaInvokeApi.functionId("ChatFunction:live")).isEqualTo("ChatFunction");
        assertThat(LambdaInvokeApi.functionId("arn:aws:lambda:us-east-1:000000000000:function:ChatFunction"))
                .isEqualTo("ChatFunction");
        assertThat(LambdaInvokeApi.functionId("arn:aws:lambda:us-east-1:000000000000:function:ChatFunction:live"))
                .isEqualTo("ChatFunction");
        assertThat(LambdaInvokeApi.functionId("000000000000:function:ChatFunction"))
                .isEqualTo("ChatFunction");
    }

    @Test
    void event_isAcceptedAt202_beforeTheFunctionFinishes() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = invoke(
                "HttpFunction:live",
                "Event",
                "{\"rawPath\":\"/api/slow\",\"queryStringParameters\":{\"ms\":\"3000\"}}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).isEmpty();
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until 202").isLessThan(2_500);
    }

    @Test
    void requestResponse_returnsTheFunctionsAnswer_byNameOrArn() throws Exception {
        String event = "{\"rawPath\":\"/api/raw\"}";
        assertThat(invoke("HttpFunction", null, event).body()).isEqualTo("{\"hello\":\"world\"}");
        HttpResponse<String> byArn =
                invoke("arn:aws:lambda:us-east-1:000000000000:function:HttpFunction:live", "RequestResponse", event);
        assertThat(byArn.statusCode()).isEqualTo(200);
        assertThat(byArn.body()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void crash_isAFunctionErrorWith200_andUnknownFunctionsAre404() throws Exception {
        HttpResponse<String> crashed = invoke("HttpFunction", null, "{\"rawPath\":\"/api/crash\"}");
        assertThat(crashed.statusCode()).isEqualTo(200);
        assertThat(crashed.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        HttpResponse<String> unknown = invoke("NoSuchFunction", null, "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
    }

    @Test
    void eventInvocation_answers202AtOnce_andTheFunctionRuns() throws Exception {
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"connectEvent\"}");
            JsonNode connect = client.nextJson().get("event");
            String id = connect.get("requestContext").get("connectionId").asText();
            // a MESSAGE event for the "send" route, as a function would hand work to itself
            String event =
                    "{\"requestContext\":{\"routeKey\":\"send\",\"connectionId\":\"" + id + "\",\"domainName\":\""
                            + connect.get("requestContext").get("domainName").asText() + "\",\"stage\":\"fixture\"},"
                            + "\"isBase64Encoded\":false,\"body\":\"{\\\"to\\\":\\\"" + id
                            + "\\\",\\\"text\\\":\\\"async hello\\\"}\"}";
            HttpResponse<String> accepted = invoke("MessageFunction", "Event", event);
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(client.next()).isEqualTo("async hello");
        }
    }
}
