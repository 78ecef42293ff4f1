package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * The Management API client hands PostToConnection to the gateway's in-process handler only when the gateway offers
 * the very endpoint it was built for; otherwise it is the SDK's HTTP client, as on AWS.
 */
class InProcessPushesTest {
    private static final String ENDPOINT = "http://127.0.0.1:1/ws"; // nothing listens: a call over HTTP fails

    private final List<String> calls = new ArrayList<>();
    private final AwsClients aws = new AwsClients(Map.of("AWS_REGION", "eu-west-1")::get);

    @AfterEach
    void withdraw() {
        System.getProperties().remove(InProcessPushes.HANDLER_PROPERTY);
        System.clearProperty(InProcessPushes.ENDPOINT_PROPERTY);
        aws.close();
    }

    private void offer(String endpoint, int status, String errorType) {
        BiFunction<String[], byte[], Object[]> handler = (call, body) -> {
            calls.add(call[0] + " " + call[1] + " " + new String(body, StandardCharsets.UTF_8));
            return new Object[] {status, errorType, "{}".getBytes(StandardCharsets.UTF_8)};
        };
        System.getProperties().put(InProcessPushes.HANDLER_PROPERTY, handler);
        System.setProperty(InProcessPushes.ENDPOINT_PROPERTY, endpoint);
    }

    @Test
    void postsToTheOfferedEndpointInProcess() {
        offer(ENDPOINT, 200, null);
        try (ApiGatewayManagementApiClient client = aws.managementApi(URI.create(ENDPOINT))) {
            client.postToConnection(b -> b.connectionId("abc=").data(SdkBytes.fromUtf8String("{\"type\":\"token\"}")));
        }
        assertThat(calls).containsExactly("POST /ws/@connections/abc%3D {\"type\":\"token\"}");
    }

    @Test
    void aGoneAnswerRaisesTheSdksGoneException() {
        offer(ENDPOINT, 410, "GoneException");
        try (ApiGatewayManagementApiClient client = aws.managementApi(URI.create(ENDPOINT))) {
            assertThatThrownBy(() ->
                            client.postToConnection(b -> b.connectionId("gone").data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(GoneException.class);
        }
    }

    @Test
    void anotherEndpointGoesOverHttp() {
        offer("http://127.0.0.1:2/ws", 200, null);
        try (ApiGatewayManagementApiClient client = aws.managementApi(URI.create(ENDPOINT))) {
            assertThatThrownBy(() ->
                            client.postToConnection(b -> b.connectionId("abc").data(SdkBytes.fromUtf8String("x"))))
                    .isNotInstanceOf(GoneException.class);
        }
        assertThat(calls).isEmpty();
    }
}
