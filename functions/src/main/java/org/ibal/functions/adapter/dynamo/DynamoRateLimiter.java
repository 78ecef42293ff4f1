package org.ibal.functions.adapter.dynamo;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.ibal.functions.domain.port.RateLimiter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Fixed windows as atomic counters: {@code pk=RATE#<key>#<windowStartEpochSeconds>, sk=RATE}; the increment is
 * conditional on the count being under the limit, so concurrent Lambdas never overshoot. Expired by TTL.
 */
public final class DynamoRateLimiter implements RateLimiter {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoRateLimiter(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String key, int limit, Duration window) {
        long windowSeconds = window.toSeconds();
        long now = clock.instant().getEpochSecond();
        long windowStart = now - Math.floorMod(now, windowSeconds);
        long expires = windowStart + windowSeconds + 60;
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attr.key("RATE#" + key + "#" + windowStart, "RATE"))
                    .updateExpression("ADD #c :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#c) OR #c < :limit")
                    .expressionAttributeNames(Map.of("#c", IbalTable.COUNT, "#ttl", IbalTable.TTL))
                    .expressionAttributeValues(Map.of(":one", Attr.n(1), ":ttl", Attr.n(expires),
                            ":limit", Attr.n(limit))));
            return true;
        } catch (ConditionalCheckFailedException overLimit) {
            return false;
        }
    }
}
