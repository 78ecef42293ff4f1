package org.ibal.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ibal.gateway.inprocess.InProcessOffer;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.web.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * In-process {@code TransactWriteItems} run on the gateway's {@link SharedTransactWrite}, one function for every call,
 * and answer what DynamoDB Local's own path (a new function per call, still taken over HTTP) answers: the same bytes
 * for a success, a cancelled transaction with the old item in its reasons, a refused request and an update; and
 * many at once on the one function count exactly.
 */
class SharedTransactWriteTest {
    private static LocalDynamoDb store;
    private static DynamoDbClient overHttp;

    @BeforeAll
    static void start() throws Exception {
        store = LocalDynamoDb.start(null, Path.of("target/ibal-test/native"));
        overHttp = TestGateway.storeClient(store.endpoint());
        overHttp.createTable(b -> b.tableName("shared")
                .billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));
    }

    @AfterAll
    static void stop() throws Exception {
        overHttp.close();
        store.close();
    }

    private static Answer inProcess(String body) {
        return store.handleInProcess(
                new InProcessOffer.Call("POST", "/", Map.of("x-amz-target", "DynamoDB_20120810.TransactWriteItems")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** The same call through DynamoDB Local's HTTP server, which builds its function per call. */
    private static HttpResponse<String> overHttp(String body) throws Exception {
        return TestGateway.dynamoDbOverHttp(store.endpoint(), "TransactWriteItems", body);
    }

    private static String text(Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static String put(String pk) {
        return "{\"Put\":{\"TableName\":\"shared\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"}}}}";
    }

    private static String transaction(String... items) {
        return "{\"TransactItems\":[" + String.join(",", items) + "]}";
    }

    @Test
    void transactionsRunOnTheSharedFunction_andAnswerWhatDynamoDbLocalsOwnPathAnswers() throws Exception {
        SharedTransactWrite shared = store.sharedTransactWrite();
        assertThat(shared).as("installed into DynamoDB Local 3.x").isNotNull();
        inProcess(transaction(put("taken")));
        String counter = "{\"Update\":{\"TableName\":\"shared\",\"Key\":{\"pk\":{\"S\":\"counter\"}},"
                + "\"UpdateExpression\":\"SET n = if_not_exists(n, :zero) + :one\","
                + "\"ExpressionAttributeValues\":{\":zero\":{\"N\":\"0\"},\":one\":{\"N\":\"1\"}}}}";
        String takenWithOldItem = "{\"ConditionCheck\":{\"TableName\":\"shared\",\"Key\":{\"pk\":{\"S\":\"taken\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\","
                + "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}}";
        long before = shared.calls();

        for (String[] each : new String[][] {
            {"a success", transaction(put("fresh"), counter)},
            {"a cancelled transaction, the old item in its reasons", transaction(put("other"), takenWithOldItem)},
            {"two operations on one item", transaction(put("twice"), put("twice"))},
            {"a table that does not exist", transaction(put("x").replace("shared", "missing"))},
            {"an update expression that does not parse", transaction(counter.replace("SET n", "SET SET n"))},
        }) {
            Answer answer = inProcess(each[1]);
            HttpResponse<String> reference = overHttp(each[1]);
            assertThat(answer.status()).as(each[0] + ": status").isEqualTo(reference.statusCode());
            assertThat(text(answer)).as(each[0] + ": body").isEqualTo(reference.body());
        }

        assertThat(shared.calls() - before)
                .as("every in-process transaction ran on the shared function")
                .isEqualTo(5);
        assertThat(text(inProcess(transaction(put("other"), takenWithOldItem))))
                .contains("TransactionCanceledException", "ConditionalCheckFailed", "\"taken\"");
        assertThat(overHttp.getItem(b -> b.tableName("shared").key(Map.of("pk", AttributeValue.fromS("other"))))
                        .hasItem())
                .as("a cancelled transaction wrote nothing")
                .isFalse();
        assertThat(overHttp.getItem(b -> b.tableName("shared").key(Map.of("pk", AttributeValue.fromS("counter"))))
                        .item())
                .as("the success, once in-process and once over HTTP")
                .containsEntry("n", AttributeValue.fromN("2"));
    }

    @Test
    void manyTransactionsAtOnceOnTheOneFunction_countExactly() throws Exception {
        int limit = 150;
        int threads = 8;
        int each = 40;
        String bounded = "{\"Update\":{\"TableName\":\"shared\",\"Key\":{\"pk\":{\"S\":\"bounded\"}},"
                + "\"UpdateExpression\":\"SET n = if_not_exists(n, :zero) + :one\","
                + "\"ConditionExpression\":\"attribute_not_exists(n) OR n < :limit\","
                + "\"ExpressionAttributeValues\":{\":zero\":{\"N\":\"0\"},\":one\":{\"N\":\"1\"},"
                + "\":limit\":{\"N\":\"" + limit + "\"}}}}";
        List<Future<int[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int[] outcome = new int[2];
                    for (int i = 0; i < each; i++) {
                        Answer answer = inProcess(transaction(bounded, put("row-" + thread + "-" + i)));
                        if (answer.status() == 200) {
                            outcome[0]++;
                        } else if (text(answer).contains("ConditionalCheckFailed")) {
                            outcome[1]++;
                        }
                    }
                    return outcome;
                }));
            }
        }
        int committed = 0;
        int cancelled = 0;
        for (Future<int[]> result : results) {
            committed += result.get()[0];
            cancelled += result.get()[1];
        }

        assertThat(committed).isEqualTo(limit);
        assertThat(cancelled).isEqualTo(threads * each - limit);
        assertThat(overHttp.getItem(b -> b.tableName("shared").key(Map.of("pk", AttributeValue.fromS("bounded"))))
                        .item())
                .containsEntry("n", AttributeValue.fromN(String.valueOf(limit)));
        long rows = overHttp
                .scanPaginator(b -> b.tableName("shared")
                        .filterExpression("begins_with(pk, :row)")
                        .expressionAttributeValues(Map.of(":row", AttributeValue.fromS("row-"))))
                .items()
                .stream()
                .count();
        assertThat(rows).as("each committed transaction's put, and no other").isEqualTo(limit);
    }
}
