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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The SDK clients hand their calls to the gateway's in-process handler only when the gateway offers the very endpoint
 * they were built for, unsigned; otherwise it is the SDK's HTTP client, signed, as on AWS.
 */
class InProcessTransportTest {
    private static final String ENDPOINT = "http://127.0.0.1:1/ws"; // nothing listens: a call over HTTP fails

    private final List<String> calls = new ArrayList<>();
    private final AwsClients aws = new AwsClients(Map.of("AWS_REGION", "eu-west-1")::get);

    private final List<String> offered = new ArrayList<>();
    private final List<Map<String, String>> headers = new ArrayList<>();

    @AfterEach
    void withdraw() {
        offered.forEach(endpoint -> System.getProperties().remove(InProcessTransport.PROPERTY_PREFIX + endpoint));
        aws.close();
    }

    private void offer(String endpoint, int status, String errorType) {
        offer(endpoint, status, errorType, "{}");
    }

    private void offer(String endpoint, int status, String errorType, String answer) {
        BiFunction<String[], byte[], Object[]> handler = (call, body) -> {
            calls.add(call[0] + " " + call[1] + " " + new String(body, StandardCharsets.UTF_8));
            Map<String, String> sent = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 2; i + 1 < call.length; i += 2) {
                sent.put(call[i], call[i + 1]);
            }
            headers.add(sent);
            String[] answerHeaders = errorType == null ? new String[0] : new String[] {"x-amzn-ErrorType", errorType};
            return new Object[] {status, answerHeaders, answer.getBytes(StandardCharsets.UTF_8)};
        };
        System.getProperties().put(InProcessTransport.PROPERTY_PREFIX + endpoint, handler);
        offered.add(endpoint);
    }

    @Test
    void postsToTheOfferedEndpointInProcess() {
        offer(ENDPOINT, 200, null);
        try (ApiGatewayManagementApiClient client = aws.managementApi(URI.create(ENDPOINT))) {
            client.postToConnection(b -> b.connectionId("abc=").data(SdkBytes.fromUtf8String("{\"type\":\"token\"}")));
        }
        assertThat(calls).containsExactly("POST /ws/@connections/abc%3D {\"type\":\"token\"}");
        assertThat(headers.get(0)).doesNotContainKey("Authorization");
    }

    @Test
    void dynamoDbCallsGoInProcess_unsigned_withTheirTarget_andTypedErrorsComeBack() {
        String store = "http://127.0.0.1:1";
        offer(
                store,
                400,
                null,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"no\"}");
        try (DynamoDbClient dynamo = aws.dynamo(store)) {
            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("t")
                            .item(Map.of("pk", AttributeValue.fromS("a")))
                            .conditionExpression("attribute_not_exists(pk)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);
        }
        assertThat(calls).singleElement().asString().startsWith("POST / {\"TableName\":\"t\"");
        assertThat(headers.get(0))
                .containsEntry("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .doesNotContainKey("Authorization");
    }

    @Test
    void lambdaInvokeGoesInProcess_unsigned() {
        String lambda = "http://127.0.0.1:1";
        offer(lambda, 202, null, "");
        aws.lambdaAsyncInvoker(lambda).invokeAsync("ChatFunction:live", "{\"job\":1}");
        assertThat(calls).containsExactly("POST /2015-03-31/functions/ChatFunction%3Alive/invocations {\"job\":1}");
        assertThat(headers.get(0))
                .containsEntry("X-Amz-Invocation-Type", "Event")
                .doesNotContainKey("Authorization");
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
