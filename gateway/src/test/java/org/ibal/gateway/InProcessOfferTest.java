package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The endpoints the gateway offers the functions it runs in-process (the functions' side is their
 * {@code InProcessTransport}): @connections, Lambda's Invoke API and the embedded DynamoDB Local, each offered for
 * exactly the endpoint the functions are given, each answering as the same call over HTTP does.
 */
class InProcessOfferTest {
    private static final String PREFIX = "ibal.inProcess ";
    private static Gateway gateway;
    private static DynamoDbClient overHttp;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.fixture(Map.of());
        overHttp = TestGateway.storeClient(gateway);
        overHttp.createTable(b -> b.tableName("offer")
                .billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));
    }

    @AfterAll
    static void stop() {
        overHttp.close();
        gateway.close();
    }

    @SuppressWarnings("unchecked")
    private static Object[] call(String endpoint, String method, String path, String body, String... headers) {
        BiFunction<String[], byte[], Object[]> handler =
                (BiFunction<String[], byte[], Object[]>) System.getProperties().get(PREFIX + endpoint);
        assertThat(handler).as("offered for " + endpoint).isNotNull();
        String[] call = new String[2 + headers.length];
        call[0] = method;
        call[1] = path;
        System.arraycopy(headers, 0, call, 2, headers.length);
        return handler.apply(call, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Object[] answer) {
        return new String((byte[]) answer[2], StandardCharsets.UTF_8);
    }

    private static Object[] dynamo(String operation, String body) {
        return call(gateway.storeEndpoint(), "POST", "/", body, "X-Amz-Target", "DynamoDB_20120810." + operation);
    }

    /** The same call to DynamoDB Local over HTTP, signed as any client would. */
    private static HttpResponse<String> dynamoOverHttp(String operation, String body) throws Exception {
        return TestGateway.dynamoDbOverHttp(gateway.storeEndpoint(), operation, body);
    }

    @Test
    void connectionsAreOfferedForTheFunctionsOwnEndpoint_andDeliverLikeThePost() throws Exception {
        String endpoint = System.getProperty("MANAGEMENT_API_ENDPOINT");
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"connectEvent\"}");
            String id = client.nextJson()
                    .get("event")
                    .get("requestContext")
                    .get("connectionId")
                    .asText();

            Object[] answer =
                    call(endpoint, "POST", "/fixture/@connections/" + id.replace("=", "%3D"), "{\"type\":\"pong\"}");

            assertThat(answer[0]).isEqualTo(200);
            assertThat((String[]) answer[1]).doesNotContain("x-amzn-ErrorType");
            assertThat(client.next()).isEqualTo("{\"type\":\"pong\"}");
        }
        Object[] gone = call(endpoint, "POST", "/fixture/@connections/unknownConnX%3D", "lost");
        assertThat(gone[0]).isEqualTo(410);
        assertThat((String[]) gone[1]).containsSequence("x-amzn-ErrorType", "GoneException");
        assertThat(call(endpoint, "POST", "/2015-03-31/functions/x/invocations", "{}")[0])
                .isEqualTo(404);
    }

    @Test
    void invokeIsOfferedForTheFunctionsLambdaEndpoint_andAnEventRunsTheFunction() throws Exception {
        String endpoint = System.getProperty("LAMBDA_ENDPOINT");
        try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"connectEvent\"}");
            var connect = client.nextJson().get("event");
            String id = connect.get("requestContext").get("connectionId").asText();
            String event = "{\"requestContext\":{\"routeKey\":\"send\",\"connectionId\":\"" + id
                    + "\",\"domainName\":\""
                    + connect.get("requestContext").get("domainName").asText()
                    + "\",\"stage\":\"fixture\"},\"isBase64Encoded\":false,\"body\":\"{\\\"to\\\":\\\"" + id
                    + "\\\",\\\"text\\\":\\\"in-process hello\\\"}\"}";

            Object[] accepted = call(
                    endpoint,
                    "POST",
                    "/2015-03-31/functions/MessageFunction%3Alive/invocations",
                    event,
                    "X-Amz-Invocation-Type",
                    "Event");

            assertThat(accepted[0]).isEqualTo(202);
            assertThat(client.next()).isEqualTo("in-process hello");
        }
        Object[] unknown = call(endpoint, "POST", "/2015-03-31/functions/NoSuchFunction/invocations", "{}");
        assertThat(unknown[0]).isEqualTo(404);
        assertThat((String[]) unknown[1]).containsSequence("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void theStoreIsOfferedForTheFunctionsDynamoDbEndpoint_onTheSameData() {
        assertThat(System.getProperty("DYNAMODB_ENDPOINT")).isEqualTo(gateway.storeEndpoint());
        Object[] put =
                dynamo("PutItem", "{\"TableName\":\"offer\",\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}}");
        assertThat(put[0]).isEqualTo(200);

        // written in-process, read over HTTP: one database
        assertThat(overHttp.getItem(b -> b.tableName("offer").key(Map.of("pk", AttributeValue.fromS("a"))))
                        .item())
                .containsEntry("n", AttributeValue.fromN("1"));
    }

    @Test
    void dynamoDbErrorsAnswerTheSameBytesAsOverHttp() throws Exception {
        dynamo("PutItem", "{\"TableName\":\"offer\",\"Item\":{\"pk\":{\"S\":\"taken\"}}}");
        String conditional = "{\"TableName\":\"offer\",\"Item\":{\"pk\":{\"S\":\"taken\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}";
        String transaction =
                "{\"TransactItems\":[{\"Put\":{\"TableName\":\"offer\",\"Item\":{\"pk\":{\"S\":\"new\"}}}},"
                        + "{\"ConditionCheck\":{\"TableName\":\"offer\",\"Key\":{\"pk\":{\"S\":\"taken\"}},"
                        + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}}]}";
        for (String[] each : new String[][] {
            {"PutItem", conditional},
            {"TransactWriteItems", transaction},
            {"GetItem", "{\"TableName\":\"missing\",\"Key\":{\"pk\":{\"S\":\"x\"}}}"},
            {"NoSuchOperation", "{}"},
            {"GetItem", "not json"},
            {"PutItem", "x".repeat(16 * 1024 * 1024 + 1)}
        }) {
            Object[] inProcess = dynamo(each[0], each[1]);
            HttpResponse<String> http = dynamoOverHttp(each[0], each[1]);
            assertThat(inProcess[0]).as(each[0] + " status").isEqualTo(http.statusCode());
            assertThat(text(inProcess)).as(each[0] + " body").isEqualTo(http.body());
        }
        assertThat(text(dynamo("TransactWriteItems", transaction)))
                .contains("TransactionCanceledException", "ConditionalCheckFailed");
        assertThat(overHttp.getItem(b -> b.tableName("offer").key(Map.of("pk", AttributeValue.fromS("new"))))
                        .hasItem())
                .as("a cancelled transaction wrote nothing")
                .isFalse();
    }
}
