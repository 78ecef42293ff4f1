package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.EXPIRES_AT;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.ibal.functions.domain.port.ReplayGuard;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@code pk=JTI#<id>, sk=JTI}: a conditional put, so of two concurrent uses exactly one wins. Removed by TTL. */
public final class DynamoReplayGuard implements ReplayGuard {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReplayGuard(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean firstUse(String id, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key("JTI#" + id, "JTI"));
        item.put(EXPIRES_AT, Attr.n(keepUntil.toEpochMilli()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(keepUntil)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException seenBefore) {
            return false;
        }
    }
}
