package org.ibal.functions.adapter.dynamo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** The message path's reads: items of several partitions of the table in one round trip. */
final class BatchReads {
    private BatchReads() {}

    /**
     * Consistent reads of {@code keys} (at most 100) in one BatchGetItem — more only for keys DynamoDB leaves
     * unprocessed — answered by key; an absent item has no entry.
     */
    static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> consistent(
            DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> pending = Map.of(
                table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                found.put(Attr.key(Attr.str(item, IbalTable.PK), Attr.str(item, IbalTable.SK)), item);
            }
            pending = response.unprocessedKeys();
        }
        return found;
    }
}
