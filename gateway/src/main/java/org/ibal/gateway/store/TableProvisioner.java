package org.ibal.gateway.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.template.TableSpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Readies the template's tables in the store: creates them when missing (keys, GSIs and TTL, on-demand billing), and
 * checks the store runs DynamoDB's transactions, which every question is written with.
 */
public final class TableProvisioner {
    private final DynamoDbClient dynamo;

    public TableProvisioner(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** @return true when the table was created, false when it existed */
    public boolean ensure(TableSpec table) {
        try {
            dynamo.describeTable(b -> b.tableName(table.tableName()));
            return false;
        } catch (ResourceNotFoundException missing) {
            create(table);
            return true;
        }
    }

    /**
     * Fails the start, with what to do, when the store does not run {@code TransactWriteItems}: a DynamoDB-compatible
     * engine without multi-item transactions (ScyllaDB Alternator answers {@code UnknownOperationException},
     * scylladb/scylladb#5064) would otherwise start and then refuse every question and every sign-up. The check is a
     * transaction of one ConditionCheck on a key no item has: it writes nothing.
     *
     * @param store the endpoint, for the message
     */
    public void requireTransactions(TableSpec table, String store) {
        Map<String, Object> props = table.properties();
        Map<String, String> types = new HashMap<>();
        for (Map<String, Object> attribute : list(props, "AttributeDefinitions")) {
            types.put(text(attribute, "AttributeName"), text(attribute, "AttributeType"));
        }
        List<KeySchemaElement> schema = keys(list(props, "KeySchema"));
        Map<String, AttributeValue> key = new HashMap<>();
        for (KeySchemaElement element : schema) {
            String name = element.attributeName();
            key.put(
                    name,
                    switch (types.getOrDefault(name, "S")) {
                        case "N" -> AttributeValue.fromN("0");
                        case "B" -> AttributeValue.fromB(SdkBytes.fromUtf8String("ibal-store-check"));
                        default -> AttributeValue.fromS("ibal-store-check");
                    });
        }
        String hashKey = schema.get(0).attributeName();
        try {
            dynamo.transactWriteItems(b ->
                    b.transactItems(item -> item.conditionCheck(check -> check.tableName(table.tableName())
                            .key(key)
                            .conditionExpression("attribute_not_exists(#k)")
                            .expressionAttributeNames(Map.of("#k", hashKey)))));
        } catch (TransactionCanceledException itemExists) {
            // the store ran the transaction: that is all this asks
        } catch (DynamoDbException refused) {
            // awsErrorDetails() may be absent: the SDK's own message then says what came back
            String answered = refused.awsErrorDetails() == null
                    ? refused.getMessage()
                    : refused.awsErrorDetails().errorCode() + ": "
                            + refused.awsErrorDetails().errorMessage();
            throw new IllegalStateException("the store at " + store + " cannot run DynamoDB transactions"
                    + " (TransactWriteItems answered " + answered
                    + "), and IBAL writes every question and sign-up with them. ScyllaDB Alternator does not support"
                    + " them (scylladb/scylladb#5064); use AWS DynamoDB, DynamoDB Local (IBAL_STORE=memory or file)"
                    + " or LocalStack.");
        }
    }

    private void create(TableSpec table) {
        Map<String, Object> props = table.properties();
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(props, "AttributeDefinitions").stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(text(a, "AttributeName"))
                                .attributeType(text(a, "AttributeType"))
                                .build())
                        .toList())
                .keySchema(keys(list(props, "KeySchema")));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Map<String, Object> index : list(props, "GlobalSecondaryIndexes")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> projection =
                    (Map<String, Object>) index.getOrDefault("Projection", Map.of("ProjectionType", "ALL"));
            Projection.Builder p = Projection.builder()
                    .projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")));
            if (projection.get("NonKeyAttributes") instanceof List<?> attrs) {
                p.nonKeyAttributes(attrs.stream().map(String::valueOf).toList());
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(text(index, "IndexName"))
                    .keySchema(keys(list(index, "KeySchema")))
                    .projection(p.build())
                    .build());
        }
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        try {
            dynamo.createTable(request.build());
        } catch (ResourceInUseException raced) {
            return; // another gateway instance created it first
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table.tableName()));
        if (props.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl
                && Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            dynamo.updateTimeToLive(b -> b.tableName(table.tableName())
                    .timeToLiveSpecification(
                            t -> t.enabled(true).attributeName(String.valueOf(ttl.get("AttributeName")))));
        }
    }

    private static List<KeySchemaElement> keys(List<Map<String, Object>> schema) {
        return schema.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(text(k, "AttributeName"))
                        .keyType(text(k, "KeyType"))
                        .build())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> owner, String name) {
        Object value = owner.get(name);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static String text(Map<String, Object> owner, String name) {
        Object value = owner.get(name);
        if (!(value instanceof String)) {
            throw new IllegalStateException("table definition: " + name + " must be a plain string, found " + value);
        }
        return (String) value;
    }
}
