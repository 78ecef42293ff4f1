package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.EXPIRES_AT;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.ibal.functions.domain.port.ReplayGuard;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code pk=<KIND>#<id>, sk=<KIND>}: a conditional put, so of two concurrent uses exactly one wins. Removed by TTL.
 * One guard per kind of identifier (assertion {@code jti}s under {@code JTI}, ticket ids under {@code TICKET}), so
 * ids from different issuers never meet.
 */
public final class DynamoReplayGuard implements ReplayGuard {
    public static final String ASSERTIONS = "JTI";
    public static final String TICKETS = "TICKET";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String kind;

    public DynamoReplayGuard(DynamoDbClient dynamo, String table) {
        this(dynamo, table, ASSERTIONS);
    }

    public DynamoReplayGuard(DynamoDbClient dynamo, String table, String kind) {
        this.dynamo = dynamo;
        this.table = table;
        this.kind = kind;
    }

    @Override
    public boolean firstUse(String id, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(kind + "#" + id, kind));
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
