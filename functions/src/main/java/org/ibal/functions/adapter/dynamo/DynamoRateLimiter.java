package org.ibal.functions.adapter.dynamo;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.port.RateLimiter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Fixed windows as atomic counters: {@code pk=RATE#<key>#<windowStartEpochSeconds>, sk=RATE}; the increment is
 * conditional on the count being under the limit, so concurrent Lambdas never overshoot. Several limits (a
 * message's per-minute rate and daily quota) count in one transaction, all or none. Expired by TTL.
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
    public Optional<Limit> tryAcquireAll(List<Limit> limits) {
        long now = clock.instant().getEpochSecond();
        if (limits.size() == 1) {
            try {
                dynamo.updateItem(count(limits.getFirst(), now));
                return Optional.empty();
            } catch (ConditionalCheckFailedException overLimit) {
                return Optional.of(limits.getFirst());
            }
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(limits.stream()
                    .map(limit -> TransactWriteItem.builder().update(update(limit, now)).build()).toList()));
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < Math.min(reasons.size(), limits.size()); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    return Optional.of(limits.get(i));
                }
            }
            throw e;
        }
    }

    /** The counter of the window {@code now} falls in, counted up unless it reached the limit. */
    private Update update(Limit limit, long now) {
        long windowSeconds = limit.window().toSeconds();
        long windowStart = now - Math.floorMod(now, windowSeconds);
        long expires = windowStart + windowSeconds + 60;
        return Update.builder().tableName(table)
                .key(Attr.key("RATE#" + limit.key() + "#" + windowStart, "RATE"))
                .updateExpression("ADD #c :one SET #ttl = :ttl")
                .conditionExpression("attribute_not_exists(#c) OR #c < :limit")
                .expressionAttributeNames(Map.of("#c", IbalTable.COUNT, "#ttl", IbalTable.TTL))
                .expressionAttributeValues(Map.of(":one", Attr.n(1), ":ttl", Attr.n(expires),
                        ":limit", Attr.n(limit.limit())))
                .build();
    }

    private UpdateItemRequest count(Limit limit, long now) {
        Update update = update(limit, now);
        return UpdateItemRequest.builder().tableName(update.tableName()).key(update.key())
                .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues()).build();
    }
}
