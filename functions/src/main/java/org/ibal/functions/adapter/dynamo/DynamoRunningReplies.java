package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.ATTEMPT;
import static org.ibal.functions.adapter.dynamo.IbalTable.CONNECTION_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.FINISHED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.REPLY_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.SESSION_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.SK;
import static org.ibal.functions.adapter.dynamo.IbalTable.STARTED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.STOP_REQUESTED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_MESSAGE_ID;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.RunningReplies.Finishing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@code pk=RUN#<userId>, sk=REPLY#<replyId>}: one item per reply, in the user's own partition, so a stop can only
 * ever reach the caller's replies and finding "the session's running reply" is one small Query. Each attempt at the
 * reply rewrites the item with its own {@code attempt} id (see {@link RunningReplies#start} for when one may). Items
 * stay after the reply ends (with {@code finishedAt}) until their TTL, longer than Lambda keeps retrying an
 * asynchronous invocation (6 h), so a repeated job finds its reply already started.
 */
public final class DynamoRunningReplies implements RunningReplies {
    static final Duration TTL_AFTER_START = Duration.ofHours(8);
    private static final String REPLY = "REPLY#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRunningReplies(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static String partition(String userId) {
        return "RUN#" + userId;
    }

    private static Map<String, AttributeValue> key(String userId, String replyId) {
        return Attr.key(partition(userId), REPLY + replyId);
    }

    @Override
    public boolean start(RunningReply reply) {
        Put put = start(table, reply);
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(put.item())
                    .conditionExpression(put.conditionExpression())
                    .expressionAttributeNames(put.expressionAttributeNames())
                    .expressionAttributeValues(put.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException sameAttemptAgain) {
            return false;
        }
    }

    /**
     * The record of {@code reply}, written unless this very attempt was recorded already: alone, or with the
     * question it answers ({@link DynamoSessionStore#recordUserMessage}).
     */
    static Put start(String table, RunningReply reply) {
        Map<String, AttributeValue> item = new HashMap<>(key(reply.userId(), reply.replyId()));
        item.put(REPLY_ID, Attr.s(reply.replyId()));
        item.put(USER_MESSAGE_ID, Attr.s(reply.userMessageId()));
        item.put(SESSION_ID, Attr.s(reply.sessionId()));
        item.put(CONNECTION_ID, Attr.s(reply.connectionId()));
        item.put(STARTED_AT, Attr.n(reply.startedAt().toEpochMilli()));
        item.put(ATTEMPT, Attr.s(reply.attempt()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(reply.startedAt().plus(TTL_AFTER_START))));
        // Records written before attempts existed have none: any attempt takes those over.
        return Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(pk) OR attribute_not_exists(#a) OR #a <> :a")
                .expressionAttributeNames(Map.of("#a", ATTEMPT))
                .expressionAttributeValues(Map.of(":a", Attr.s(reply.attempt())))
                .build();
    }

    @Override
    public Poll poll(String userId, String replyId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                        .key(key(userId, replyId))
                        .projectionExpression("#s, #a")
                        .expressionAttributeNames(Map.of("#s", STOP_REQUESTED_AT, "#a", ATTEMPT))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return new Poll(false, null);
        }
        return new Poll(item.containsKey(STOP_REQUESTED_AT), Attr.str(item, ATTEMPT));
    }

    @Override
    public int requestStop(String userId, String messageId, String sessionId, String connectionId, Instant now) {
        List<Map<String, AttributeValue>> unfinished = dynamo
                .queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("#p = :p")
                        .filterExpression("attribute_not_exists(#f)")
                        .expressionAttributeNames(Map.of("#p", PK, "#f", FINISHED_AT))
                        .expressionAttributeValues(Map.of(":p", Attr.s(partition(userId))))
                        .consistentRead(true))
                .items()
                .stream()
                .toList();
        int flagged = 0;
        for (Map<String, AttributeValue> item : unfinished) {
            if (matches(item, messageId, sessionId, connectionId) && flag(item, now)) {
                flagged++;
            }
        }
        return flagged;
    }

    private static boolean matches(
            Map<String, AttributeValue> item, String messageId, String sessionId, String connectionId) {
        if (messageId != null) {
            return messageId.equals(Attr.str(item, REPLY_ID)) || messageId.equals(Attr.str(item, USER_MESSAGE_ID));
        }
        return (sessionId != null && Objects.equals(sessionId, Attr.str(item, SESSION_ID)))
                || Objects.equals(connectionId, Attr.str(item, CONNECTION_ID));
    }

    /** Conditional, so a reply that finished meanwhile is left as it is. */
    private boolean flag(Map<String, AttributeValue> item, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attr.key(Attr.str(item, PK), Attr.str(item, SK)))
                    .updateExpression("SET #s = :now")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(#f)")
                    .expressionAttributeNames(Map.of("#s", STOP_REQUESTED_AT, "#f", FINISHED_AT))
                    .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException finishedMeanwhile) {
            return false;
        }
    }

    @Override
    public void finish(String userId, String replyId, String attempt, Instant now) {
        Update finish = finish(table, new Finishing(userId, replyId, attempt), now);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(finish.key())
                    .updateExpression(finish.updateExpression())
                    .conditionExpression(finish.conditionExpression())
                    .expressionAttributeNames(finish.expressionAttributeNames())
                    .expressionAttributeValues(finish.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException supersededOrExpired) {
            // A later attempt owns the record now (or a TTL sweep removed it): it is not ours to mark.
        }
    }

    /**
     * Marks the record finished on condition that {@code finishing}'s attempt still owns it: alone, or in the same
     * write as the reply ({@link DynamoSessionStore#recordReply}).
     */
    static Update finish(String table, Finishing finishing, Instant now) {
        return Update.builder()
                .tableName(table)
                .key(key(finishing.userId(), finishing.replyId()))
                .updateExpression("SET #f = :now")
                .conditionExpression("#a = :attempt")
                .expressionAttributeNames(Map.of("#f", FINISHED_AT, "#a", ATTEMPT))
                .expressionAttributeValues(
                        Map.of(":now", Attr.n(now.toEpochMilli()), ":attempt", Attr.s(finishing.attempt())))
                .build();
    }
}
