package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The clients' call timeouts, on the one executor {@link AwsClients} shares between them: a finished call leaves
 * nothing queued (the SDK's own executor kept each cancelled timeout until it would have fired, and woke for it), and
 * a call that outlives its timeout is still cut off.
 */
class AwsClientsTest {
    private static final String STORE = "http://127.0.0.1:3";
    private static final String CONNECTIONS = "http://127.0.0.1:4/ws";

    private final AwsClients aws = new AwsClients(Map.of("AWS_REGION", "eu-west-1")::get);

    @AfterEach
    void withdraw() {
        System.getProperties().remove(InProcessTransport.PROPERTY_PREFIX + STORE);
        System.getProperties().remove(InProcessTransport.PROPERTY_PREFIX + CONNECTIONS);
        aws.close();
    }

    private static void offer(String endpoint, BiFunction<String[], byte[], Object[]> handler) {
        System.getProperties().put(InProcessTransport.PROPERTY_PREFIX + endpoint, handler);
    }

    @Test
    void aRunningCallsTimeoutsWaitOnTheSharedExecutor_andAFinishedCallLeavesNoneQueued() {
        List<Integer> duringEachCall = new ArrayList<>();
        offer(STORE, (call, body) -> {
            duringEachCall.add(aws.pendingTimeouts());
            return new Object[] {200, new String[0], "{}".getBytes(StandardCharsets.UTF_8)};
        });
        try (DynamoDbClient dynamo = aws.dynamo(STORE)) {
            for (int i = 0; i < 50; i++) {
                dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("a"))));
            }
        }

        // the attempt's timeout and the call's, while it runs; forgotten as each call ends
        assertThat(duringEachCall).hasSize(50).containsOnly(2);
        assertThat(aws.pendingTimeouts()).isZero();
    }

    @Test
    void aCallThatOutlivesItsTimeout_isCutOff() {
        offer(CONNECTIONS, (call, body) -> {
            try {
                Thread.sleep(Duration.ofSeconds(60));
            } catch (InterruptedException cutOff) {
                Thread.currentThread().interrupt();
            }
            return new Object[] {200, new String[0], new byte[0]};
        });
        long started = System.nanoTime();
        try (ApiGatewayManagementApiClient client = aws.managementApi(URI.create(CONNECTIONS))) {
            assertThatThrownBy(() ->
                            client.postToConnection(b -> b.connectionId("slow").data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(ApiCallTimeoutException.class);
        }

        // the Management API's call timeout is 8 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(aws.pendingTimeouts()).isZero();
    }
}
