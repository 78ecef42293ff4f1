package org.ibal.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * DynamoDB Local with the gateway's {@link TableSchemaCache}: a table's schema is bound from JSON once, not on every
 * call, and a table whose schema changes (TTL on, off and on again; a new index) is read with its new schema.
 */
class TableSchemaCacheTest {
    private static LocalDynamoDb store;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        store = LocalDynamoDb.start(null, Path.of("target/ibal-test/native"));
        dynamo = TestGateway.storeClient(store.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        dynamo.close();
        store.close();
    }

    private static void createTable(String name) {
        dynamo.createTable(b -> b.tableName(name)
                .billingMode("PAY_PER_REQUEST")
                .keySchema(
                        k -> k.attributeName("pk").keyType("HASH"),
                        k -> k.attributeName("sk").keyType("RANGE"))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType("S"),
                        a -> a.attributeName("sk").attributeType("S")));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String... more) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(sk));
        for (int i = 0; i < more.length; i += 2) {
            item.put(more[i], AttributeValue.fromS(more[i + 1]));
        }
        return item;
    }

    @Test
    void itemCallsDoNotParseTheSchemaAgain() {
        TableSchemaCache cache = TableSchemaCache.install();
        assertThat(cache).as("installed into DynamoDB Local 3.x").isNotNull();
        createTable("cached");
        dynamo.putItem(b -> b.tableName("cached").item(item("u", "0")));
        long before = cache.parses();

        for (int i = 0; i < 50; i++) {
            String sk = String.valueOf(i);
            dynamo.putItem(b -> b.tableName("cached").item(item("u", sk)));
            dynamo.getItem(b -> b.tableName("cached").key(item("u", sk)).consistentRead(true));
        }

        // 100 calls, each of which read the schema two or three times: none of them parsed it.
        assertThat(cache.parses() - before).isZero();
        assertThat(dynamo.query(b -> b.tableName("cached")
                                .keyConditionExpression("pk = :u")
                                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("u"))))
                        .count())
                .isEqualTo(50);
    }

    @Test
    void timeToLiveSwitchedOnOffAndOnIsReadEachTime() {
        createTable("ttl");
        for (String attribute : new String[] {"expiresAt", null, "expiresAt", null, "gone"}) {
            dynamo.updateTimeToLive(b -> b.tableName("ttl")
                    .timeToLiveSpecification(t ->
                            t.enabled(attribute != null).attributeName(attribute != null ? attribute : "expiresAt")));
            dynamo.putItem(b -> b.tableName("ttl").item(item("u", "1")));

            var ttl = dynamo.describeTimeToLive(b -> b.tableName("ttl")).timeToLiveDescription();

            assertThat(ttl.timeToLiveStatus())
                    .isEqualTo(attribute != null ? TimeToLiveStatus.ENABLED : TimeToLiveStatus.DISABLED);
            if (attribute != null) {
                assertThat(ttl.attributeName()).isEqualTo(attribute);
            }
        }
    }

    @Test
    void anIndexAddedLaterIsWrittenAndQueried() {
        createTable("grows");
        dynamo.putItem(b -> b.tableName("grows").item(item("u", "before", "owner", "o1")));

        dynamo.updateTable(b -> b.tableName("grows")
                .attributeDefinitions(a -> a.attributeName("owner").attributeType("S"))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byOwner")
                        .keySchema(k -> k.attributeName("owner").keyType("HASH"))
                        .projection(p -> p.projectionType("ALL")))));
        dynamo.putItem(b -> b.tableName("grows").item(item("u", "after", "owner", "o1")));

        var found = dynamo.query(b -> b.tableName("grows")
                .indexName("byOwner")
                .keyConditionExpression("#o = :o")
                .expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("o1"))));
        assertThat(found.items()).extracting(i -> i.get("sk").s()).contains("after");
    }
}
