package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.CREATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.FRESH;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1_PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1_SK;
import static org.ibal.functions.adapter.dynamo.IbalTable.PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.REPLY_ATTEMPT;
import static org.ibal.functions.adapter.dynamo.IbalTable.REPLY_MESSAGE_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.SK;
import static org.ibal.functions.adapter.dynamo.IbalTable.TITLE;
import static org.ibal.functions.adapter.dynamo.IbalTable.UPDATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_MESSAGE_ID;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Page;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.RateLimiter.Limit;
import org.ibal.functions.domain.port.RunningReplies.Finishing;
import org.ibal.functions.domain.port.RunningReplies.RunningReply;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.usage.ClassBudget;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A session's items share the partition {@code SESSION#<sessionId>}: {@code sk=META} (the session, indexed in
 * gsi1 under {@code USER#<userId>} by last activity; {@code fresh} until its first message), {@code sk=MSG#<messageId>}
 * (messages; ids sort by time, a reply right after its question) and {@code sk=CMID#<clientMessageId>} (the
 * de-duplication guard linking a client id to its message and reply).
 */
public final class DynamoSessionStore implements SessionStore {
    private static final String META = "META";
    private static final String MSG = "MSG#";
    private static final String CMID = "CMID#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSessionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String partition(String sessionId) {
        return "SESSION#" + sessionId;
    }

    private static String userPartition(String userId) {
        return "USER#" + userId;
    }

    /** Fixed width, so lexical order is time order. */
    private static String activityKey(Instant updatedAt, String sessionId) {
        return String.format("%013d#%s", updatedAt.toEpochMilli(), sessionId);
    }

    @Override
    public void create(ChatSession session) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(partition(session.id()), META));
        item.put(USER_ID, Attr.s(session.userId()));
        item.put(TITLE, Attr.s(session.title()));
        item.put(CREATED_AT, Attr.n(session.createdAt().toEpochMilli()));
        item.put(UPDATED_AT, Attr.n(session.updatedAt().toEpochMilli()));
        item.put(GSI1_PK, Attr.s(userPartition(session.userId())));
        item.put(GSI1_SK, Attr.s(activityKey(session.updatedAt(), session.id())));
        item.put(FRESH, AttributeValue.fromBool(true));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<ChatSession> find(String sessionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                        .key(Attr.key(partition(sessionId), META))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toSession(item));
    }

    @Override
    public Page<ChatSession> listSessions(String userId, int limit, String cursor) {
        String partition = userPartition(userId);
        Map<String, AttributeValue> start = Cursors.decode(cursor, Cursors.SESSION_LIST, partition);
        QueryResponse page = Cursors.refusingUnusable(
                () -> dynamo.query(b -> b.tableName(table)
                        .indexName(GSI1)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(partition)))
                        .scanIndexForward(false)
                        .limit(limit)
                        .exclusiveStartKey(start)),
                start);
        return new Page<>(
                page.items().stream().map(DynamoSessionStore::toSession).toList(),
                Cursors.encode(page.lastEvaluatedKey()));
    }

    @Override
    public Optional<ChatSession> rename(String sessionId, String title, Instant now) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(table)
                            .key(Attr.key(partition(sessionId), META))
                            .updateExpression("SET #t = :t, #u = :u, #g = :g")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeNames(Map.of("#t", TITLE, "#u", UPDATED_AT, "#g", GSI1_SK))
                            .expressionAttributeValues(Map.of(
                                    ":t",
                                    Attr.s(title),
                                    ":u",
                                    Attr.n(now.toEpochMilli()),
                                    ":g",
                                    Attr.s(activityKey(now, sessionId))))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(toSession(updated));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String sessionId) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", PK, "#s", SK))
                    .expressionAttributeValues(Map.of(":p", Attr.s(partition(sessionId))))
                    .projectionExpression("#p, #s")
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            deleteAll(page.items());
            start = page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty()
                    ? null
                    : page.lastEvaluatedKey();
        } while (start != null);
    }

    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        for (int i = 0; i < keys.size(); i += 25) {
            List<WriteRequest> batch = keys.subList(i, Math.min(keys.size(), i + 25)).stream()
                    .map(k ->
                            WriteRequest.builder().deleteRequest(d -> d.key(k)).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    /**
     * One BatchGetItem: the session's META and guard items, the rate counter (another partition of the same table),
     * given its id the connection, and given a class key the caller's account and the class's limits (the class,
     * the membership, the month's spend). Any further item sendMessage needs before the model belongs in this list.
     */
    @Override
    public MessageLookup findForMessage(
            String connectionId,
            String sessionId,
            String clientMessageId,
            RateLimiter.Counter counter,
            ClassBudget.Key classKey) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(4);
        Map<String, AttributeValue> counterKey = DynamoRateLimiter.key(counter);
        keys.add(counterKey);
        Map<String, AttributeValue> metaKey = null;
        Map<String, AttributeValue> guardKey = null;
        if (sessionId != null) {
            metaKey = Attr.key(partition(sessionId), META);
            guardKey = Attr.key(partition(sessionId), CMID + clientMessageId);
            keys.add(metaKey);
            keys.add(guardKey);
        }
        Map<String, AttributeValue> connectionKey =
                connectionId == null ? null : DynamoConnectionStore.key(connectionId);
        if (connectionKey != null) {
            keys.add(connectionKey);
        }
        List<Map<String, AttributeValue>> classKeys = classKey == null ? List.of() : ClassBudgetItems.keys(classKey);
        keys.addAll(classKeys);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found =
                BatchReads.consistent(dynamo, table, keys);
        ClassBudgetItems classItems = new ClassBudgetItems(classKey);
        for (Map<String, AttributeValue> key : classKeys) {
            Map<String, AttributeValue> item = found.get(key);
            if (item != null) {
                classItems.take(item);
            }
        }
        long counted = DynamoRateLimiter.count(found.get(counterKey));
        Optional<Connection> connection = connectionKey == null
                ? Optional.empty()
                : DynamoConnectionStore.read(connectionId, found.get(connectionKey));
        Map<String, AttributeValue> meta = metaKey == null ? null : found.get(metaKey);
        if (meta == null) {
            return new MessageLookup(
                    Optional.empty(),
                    Optional.empty(),
                    counted,
                    connection,
                    classItems.budget(),
                    classItems.suspended());
        }
        Map<String, AttributeValue> guard = found.get(guardKey);
        return new MessageLookup(
                Optional.of(toSession(meta)),
                guard == null ? Optional.empty() : Optional.of(exchange(sessionId, clientMessageId, guard)),
                counted,
                connection,
                classItems.budget(),
                classItems.suspended());
    }

    @Override
    public Recorded recordUserMessage(
            ChatMessage userMessage, String titleIfDefault, List<Limit> counted, RunningReply running) {
        for (Limit limit : counted) {
            if (limit.room() <= 0) {
                // The previous window alone fills it: no write can succeed (a counter not yet created would).
                return new Recorded(Optional.of(limit), Optional.empty());
            }
        }
        String partition = partition(userMessage.sessionId());
        Map<String, AttributeValue> guard = new HashMap<>(Attr.key(partition, CMID + userMessage.clientMessageId()));
        guard.put(USER_MESSAGE_ID, Attr.s(userMessage.id()));
        // One write: the limits' counters first (each conditional on its room), then the session's activity, the
        // de-duplication guard and the question.
        List<TransactWriteItem> items = new ArrayList<>(counted.size() + 3);
        for (Limit limit : counted) {
            items.add(TransactWriteItem.builder()
                    .update(DynamoRateLimiter.increment(table, limit, userMessage.createdAt()))
                    .build());
        }
        int activityAt = items.size();
        // The session must still exist (a message must not outlive a concurrent DELETE); its activity and, on its
        // first message, its title change in the same write.
        items.add(TransactWriteItem.builder()
                .update(activity(userMessage.sessionId(), userMessage.createdAt(), titleIfDefault, true))
                .build());
        items.add(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(guard).conditionExpression("attribute_not_exists(pk)"))
                .build());
        items.add(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(MessageItem.write(userMessage)))
                .build());
        if (running != null) {
            items.add(TransactWriteItem.builder()
                    .put(DynamoRunningReplies.start(table, running))
                    .build());
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
            return Recorded.STORED;
        } catch (TransactionCanceledException e) {
            for (int i = 0; i < activityAt; i++) {
                if (failedCondition(e, i)) {
                    return new Recorded(Optional.of(counted.get(i)), Optional.empty());
                }
            }
            if (failedCondition(e, activityAt)) {
                if (titleIfDefault != null
                        && !e.cancellationReasons().get(activityAt).item().isEmpty()) {
                    // Renamed meanwhile: the user's title stays; store the message without one.
                    return recordUserMessage(userMessage, null, counted, running);
                }
                throw new SessionNotFoundException();
            }
            if (!failedCondition(e, activityAt + 1)) {
                throw e;
            }
            return new Recorded(Optional.empty(), findExchange(userMessage.sessionId(), userMessage.clientMessageId()));
        }
    }

    /**
     * Marks the session's activity (its gsi1 sort key too), on condition that it exists — and, with a title, that
     * it still has the default one (the old item comes back on failure to tell the two apart). A user message also
     * ends the session's {@code fresh} state.
     */
    private Update activity(String sessionId, Instant at, String titleIfDefault, boolean userMessage) {
        Map<String, String> names = new HashMap<>(Map.of("#u", UPDATED_AT, "#g", GSI1_SK));
        Map<String, AttributeValue> values =
                new HashMap<>(Map.of(":u", Attr.n(at.toEpochMilli()), ":g", Attr.s(activityKey(at, sessionId))));
        String update = "SET #u = :u, #g = :g";
        String condition = "attribute_exists(pk)";
        if (titleIfDefault != null) {
            names.put("#t", TITLE);
            values.put(":t", Attr.s(titleIfDefault));
            values.put(":default", Attr.s(ChatSession.DEFAULT_TITLE));
            update += ", #t = :t";
            condition += " AND #t = :default";
        }
        if (userMessage) {
            names.put("#fresh", FRESH);
            update += " REMOVE #fresh";
        }
        return Update.builder()
                .tableName(table)
                .key(Attr.key(partition(sessionId), META))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(
                        titleIfDefault == null
                                ? ReturnValuesOnConditionCheckFailure.NONE
                                : ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    @Override
    public Optional<Exchange> findExchange(String sessionId, String clientMessageId) {
        Map<String, AttributeValue> guard = dynamo.getItem(b -> b.tableName(table)
                        .key(Attr.key(partition(sessionId), CMID + clientMessageId))
                        .consistentRead(true))
                .item();
        if (guard == null || guard.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(exchange(sessionId, clientMessageId, guard));
    }

    /** The messages a de-duplication guard points at. */
    private Exchange exchange(String sessionId, String clientMessageId, Map<String, AttributeValue> guard) {
        ChatMessage user = message(sessionId, Attr.str(guard, USER_MESSAGE_ID))
                .orElseThrow(() ->
                        new IllegalStateException("exchange " + clientMessageId + " points at a missing message"));
        String replyId = Attr.str(guard, REPLY_MESSAGE_ID);
        ChatMessage reply = replyId == null ? null : message(sessionId, replyId).orElse(null);
        return new Exchange(user, reply, Attr.str(guard, REPLY_ATTEMPT));
    }

    @Override
    public boolean recordReply(
            ChatMessage reply, String clientMessageId, String attempt, Instant now, Finishing finishing) {
        List<TransactWriteItem> items = new ArrayList<>(4);
        items.add(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(MessageItem.write(reply)))
                .build());
        // The guard exists unless the session was deleted meanwhile; then store nothing.
        items.add(TransactWriteItem.builder()
                .update(u -> u.tableName(table)
                        .key(Attr.key(partition(reply.sessionId()), CMID + clientMessageId))
                        .updateExpression("SET #r = :r, #a = :a")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#r", REPLY_MESSAGE_ID, "#a", REPLY_ATTEMPT))
                        .expressionAttributeValues(Map.of(":r", Attr.s(reply.id()), ":a", Attr.s(attempt))))
                .build());
        items.add(TransactWriteItem.builder()
                .update(activity(reply.sessionId(), now, null, false))
                .build());
        if (finishing != null) {
            items.add(TransactWriteItem.builder()
                    .update(DynamoRunningReplies.finish(table, finishing, now))
                    .build());
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
            return finishing != null;
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 1) || failedCondition(e, 2)) {
                throw new SessionNotFoundException();
            }
            if (finishing != null && failedCondition(e, 3)) {
                // A later attempt took the running record over at the last moment: the reply is stored all the
                // same (it has one id whoever stores it); marking the record finished is that attempt's business.
                return recordReply(reply, clientMessageId, attempt, now, null);
            }
            throw e;
        }
    }

    @Override
    public JobLookup findForReply(
            String sessionId, String clientMessageId, String questionId, String replyId, String connectionId) {
        String partition = partition(sessionId);
        Map<String, AttributeValue> guardKey = Attr.key(partition, CMID + clientMessageId);
        Map<String, AttributeValue> questionKey = Attr.key(partition, MSG + questionId);
        Map<String, AttributeValue> replyKey = Attr.key(partition, MSG + replyId);
        Map<String, AttributeValue> connectionKey = DynamoConnectionStore.key(connectionId);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found =
                BatchReads.consistent(dynamo, table, List.of(guardKey, questionKey, replyKey, connectionKey));
        Optional<Connection> connection = DynamoConnectionStore.read(connectionId, found.get(connectionKey));
        Map<String, AttributeValue> guard = found.get(guardKey);
        if (guard == null) {
            return new JobLookup(Optional.empty(), connection);
        }
        Map<String, AttributeValue> question = found.get(questionKey);
        Map<String, AttributeValue> storedReply = found.get(replyKey);
        if (question == null
                || !questionId.equals(Attr.str(guard, USER_MESSAGE_ID))
                || (storedReply == null && Attr.str(guard, REPLY_MESSAGE_ID) != null)
                || (storedReply != null && !replyId.equals(Attr.str(guard, REPLY_MESSAGE_ID)))) {
            // Not the exchange this job was written for as it stands now: read it the long way.
            return new JobLookup(findExchange(sessionId, clientMessageId), connection);
        }
        return new JobLookup(
                Optional.of(new Exchange(
                        MessageItem.read(question),
                        storedReply == null ? null : MessageItem.read(storedReply),
                        Attr.str(guard, REPLY_ATTEMPT))),
                connection);
    }

    private static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    @Override
    public Page<ChatMessage> listMessages(String sessionId, int limit, String cursor) {
        String partition = partition(sessionId);
        Map<String, AttributeValue> start = Cursors.decode(cursor, Cursors.MESSAGE_LIST, partition);
        QueryResponse page = Cursors.refusingUnusable(
                () -> dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("#p = :p AND begins_with(#s, :msg)")
                        .expressionAttributeNames(Map.of("#p", PK, "#s", SK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(partition), ":msg", Attr.s(MSG)))
                        .scanIndexForward(false)
                        .limit(limit)
                        .consistentRead(true)
                        .exclusiveStartKey(start)),
                start);
        List<ChatMessage> items = new ArrayList<>();
        page.items().forEach(item -> items.add(MessageItem.read(item)));
        return new Page<>(items, Cursors.encode(page.lastEvaluatedKey()));
    }

    private Optional<ChatMessage> message(String sessionId, String messageId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                        .key(Attr.key(partition(sessionId), MSG + messageId))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(MessageItem.read(item));
    }

    private static ChatSession toSession(Map<String, AttributeValue> item) {
        String id = Attr.str(item, PK).substring("SESSION#".length());
        // Sessions stored before the marker existed have none: they count as having messages (never reused).
        return new ChatSession(
                id,
                Attr.str(item, USER_ID),
                Attr.str(item, TITLE),
                Attr.instant(item, CREATED_AT),
                Attr.instant(item, UPDATED_AT),
                !item.containsKey(FRESH));
    }
}
