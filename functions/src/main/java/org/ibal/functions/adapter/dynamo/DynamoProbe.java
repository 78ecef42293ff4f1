package org.ibal.functions.adapter.dynamo;

import org.ibal.functions.domain.port.HealthProbe;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reads one (absent) key: needs only GetItem, which every function may do, and proves the table exists. */
public final class DynamoProbe implements HealthProbe {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoProbe(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean healthy() {
        try {
            dynamo.getItem(b -> b.tableName(table).key(Attr.key("HEALTH", "HEALTH")));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
