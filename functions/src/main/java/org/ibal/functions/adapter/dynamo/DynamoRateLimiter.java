package org.ibal.functions.adapter.dynamo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.RateWindows;
import org.ibal.functions.domain.port.RateLimiter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Windows as atomic counters: {@code pk=RATE#<key>#<windowStartEpochSeconds>, sk=RATE}; the increment is
 * conditional on the count being under the limit's room, so concurrent Lambdas never overshoot. Several limits (a
 * message's per-minute rate and daily quota) count in one transaction, all or none. A counter outlives its window by
 * one more window (the next window's sliding estimate reads it), then expires by TTL.
 */
public final class DynamoRateLimiter implements RateLimiter {
    private static final String SK = "RATE";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRateLimiter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The key of a counter item: what a BatchGetItem elsewhere (the message path's one read) asks for. */
    static Map<String, AttributeValue> key(Counter counter) {
        return Attr.key("RATE#" + counter.key() + "#" + counter.windowStart().getEpochSecond(), SK);
    }

    /** The count a counter item holds. */
    static long count(Map<String, AttributeValue> item) {
        AttributeValue count = item == null ? null : item.get(IbalTable.COUNT);
        return count == null || count.n() == null ? 0 : Long.parseLong(count.n());
    }

    @Override
    public Optional<Limit> tryAcquireAll(List<Limit> limits, Instant at) {
        for (Limit limit : limits) {
            if (limit.room() <= 0) {
                return Optional.of(limit); // the previous window alone fills it: no write can succeed
            }
        }
        if (limits.size() == 1) {
            try {
                dynamo.updateItem(single(increment(limits.getFirst(), at)));
                return Optional.empty();
            } catch (ConditionalCheckFailedException overLimit) {
                return Optional.of(limits.getFirst());
            }
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(limits.stream()
                    .map(limit -> TransactWriteItem.builder()
                            .update(increment(limit, at))
                            .build())
                    .toList()));
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

    @Override
    public void release(List<Limit> limits, Instant countedAt) {
        for (Limit limit : limits) {
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(key(counter(limit, countedAt)))
                        .updateExpression("ADD #c :minusOne")
                        .conditionExpression("#c > :zero")
                        .expressionAttributeNames(Map.of("#c", IbalTable.COUNT))
                        .expressionAttributeValues(Map.of(":minusOne", Attr.n(-1), ":zero", Attr.n(0))));
            } catch (ConditionalCheckFailedException nothingToTakeBack) {
                // Expired or never counted: nothing to give back.
            }
        }
    }

    @Override
    public long count(Counter counter) {
        return count(dynamo.getItem(b -> b.tableName(table)
                        .key(key(counter))
                        .consistentRead(true)
                        .projectionExpression("#c")
                        .expressionAttributeNames(Map.of("#c", IbalTable.COUNT)))
                .item());
    }

    private static Counter counter(Limit limit, Instant at) {
        return new Counter(limit.key(), RateWindows.start(at, limit.window()));
    }

    private Update increment(Limit limit, Instant at) {
        return increment(table, limit, at);
    }

    /**
     * The counter of the window {@code at} falls in, counted up unless it reached the limit's room: also what the
     * message path's one write (the question with its counters, see {@link DynamoSessionStore}) counts with.
     */
    static Update increment(String table, Limit limit, Instant at) {
        Instant windowStart = RateWindows.start(at, limit.window());
        long expires = windowStart.plus(limit.window()).plus(limit.window()).getEpochSecond() + 60;
        return Update.builder()
                .tableName(table)
                .key(key(new Counter(limit.key(), windowStart)))
                .updateExpression("ADD #c :one SET #ttl = :ttl")
                .conditionExpression("attribute_not_exists(#c) OR #c < :room")
                .expressionAttributeNames(Map.of("#c", IbalTable.COUNT, "#ttl", IbalTable.TTL))
                .expressionAttributeValues(
                        Map.of(":one", Attr.n(1), ":ttl", Attr.n(expires), ":room", Attr.n(limit.room())))
                .build();
    }

    private static UpdateItemRequest single(Update update) {
        return UpdateItemRequest.builder()
                .tableName(update.tableName())
                .key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())
                .build();
    }
}
