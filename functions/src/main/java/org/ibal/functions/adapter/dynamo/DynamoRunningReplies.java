package org.ibal.functions.adapter.dynamo;

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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code pk=RUN#<userId>, sk=REPLY#<replyId>}: one item per reply streamed, in the user's own partition, so a stop
 * can only ever reach the caller's replies and finding "the session's running reply" is one small Query. Items stay
 * after the reply ends (with {@code finishedAt}) until their TTL, longer than Lambda keeps retrying an asynchronous
 * invocation (6 h), so a repeated job finds its reply already started.
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
        Map<String, AttributeValue> item = new HashMap<>(key(reply.userId(), reply.replyId()));
        item.put(REPLY_ID, Attr.s(reply.replyId()));
        item.put(USER_MESSAGE_ID, Attr.s(reply.userMessageId()));
        item.put(SESSION_ID, Attr.s(reply.sessionId()));
        item.put(CONNECTION_ID, Attr.s(reply.connectionId()));
        item.put(STARTED_AT, Attr.n(reply.startedAt().toEpochMilli()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(reply.startedAt().plus(TTL_AFTER_START))));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException startedBefore) {
            return false;
        }
    }

    @Override
    public boolean stopRequested(String userId, String replyId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(userId, replyId))
                .projectionExpression("#s").expressionAttributeNames(Map.of("#s", STOP_REQUESTED_AT))
                .consistentRead(true)).item();
        return item != null && item.containsKey(STOP_REQUESTED_AT);
    }

    @Override
    public int requestStop(String userId, String messageId, String sessionId, String connectionId, Instant now) {
        List<Map<String, AttributeValue>> unfinished = dynamo.queryPaginator(b -> b.tableName(table)
                .keyConditionExpression("#p = :p")
                .filterExpression("attribute_not_exists(#f)")
                .expressionAttributeNames(Map.of("#p", PK, "#f", FINISHED_AT))
                .expressionAttributeValues(Map.of(":p", Attr.s(partition(userId))))
                .consistentRead(true)).items().stream().toList();
        int flagged = 0;
        for (Map<String, AttributeValue> item : unfinished) {
            if (matches(item, messageId, sessionId, connectionId) && flag(item, now)) {
                flagged++;
            }
        }
        return flagged;
    }

    private static boolean matches(Map<String, AttributeValue> item, String messageId, String sessionId,
                                   String connectionId) {
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
    public void finish(String userId, String replyId, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, replyId))
                    .updateExpression("SET #f = :now")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#f", FINISHED_AT))
                    .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli()))));
        } catch (ConditionalCheckFailedException expired) {
            // Only a TTL sweep removes these items; nothing left to mark.
        }
    }
}
