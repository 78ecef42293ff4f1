package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.CONNECTED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.SESSION_ID;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.port.ConnectionStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@code pk=CONN#<connectionId>, sk=CONN}. API Gateway closes connections after 2 h; the TTL is a safety net. */
public final class DynamoConnectionStore implements ConnectionStore {
    static final Duration TTL_AFTER_CONNECT = Duration.ofHours(3);
    private static final String SK = "CONN";
    private static final String USER_CONNECTIONS = "USERCONN#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConnectionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String connectionId) {
        return Attr.key("CONN#" + connectionId, SK);
    }

    @Override
    public void save(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>(key(connection.connectionId()));
        PrincipalItem.write(item, connection.principal());
        item.put(CONNECTED_AT, Attr.n(connection.connectedAt().toEpochMilli()));
        Attr.putIfPresent(item, SESSION_ID, connection.sessionId());
        Attr.putIfPresent(item, IbalTable.CLASS_ID, connection.classId());
        item.put(
                IbalTable.TTL, Attr.n(Attr.epochSeconds(connection.connectedAt().plus(TTL_AFTER_CONNECT))));
        // Listed per user on gsi1, so a suspension can close every connection of a learner.
        item.put(
                IbalTable.GSI1_PK,
                Attr.s(USER_CONNECTIONS + connection.principal().userId()));
        item.put(IbalTable.GSI1_SK, Attr.s(connection.connectionId()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key(connectionId)).consistentRead(true))
                .item();
        return read(connectionId, item);
    }

    /** A connection item as read here or in a BatchGetItem elsewhere (the reply job's one read). */
    static Optional<Connection> read(String connectionId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Connection(
                connectionId,
                PrincipalItem.read(item),
                Attr.instant(item, CONNECTED_AT),
                Attr.str(item, SESSION_ID),
                Attr.str(item, IbalTable.CLASS_ID)));
    }

    @Override
    public void attachSession(String connectionId, String sessionId) {
        try {
            // Guarded so a late update cannot resurrect a connection $disconnect removed.
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(connectionId))
                    .updateExpression("SET #s = :s")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#s", SESSION_ID))
                    .expressionAttributeValues(Map.of(":s", Attr.s(sessionId))));
        } catch (ConditionalCheckFailedException gone) {
            // The connection closed meanwhile; nothing to remember.
        }
    }

    @Override
    public void attachSession(String connectionId, String sessionId, String classId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(connectionId))
                    .updateExpression(classId == null ? "SET #s = :s REMOVE #c" : "SET #s = :s, #c = :c")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#s", SESSION_ID, "#c", IbalTable.CLASS_ID))
                    .expressionAttributeValues(
                            classId == null
                                    ? Map.of(":s", Attr.s(sessionId))
                                    : Map.of(":s", Attr.s(sessionId), ":c", Attr.s(classId))));
        } catch (ConditionalCheckFailedException gone) {
            // The connection closed meanwhile; nothing to remember.
        }
    }

    @Override
    public List<String> connectionsOf(String userId) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .indexName(IbalTable.GSI1)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", IbalTable.GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(USER_CONNECTIONS + userId))))
                .items()
                .stream()
                .map(item -> Attr.str(item, IbalTable.GSI1_SK))
                .toList();
    }

    @Override
    public void delete(String connectionId) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(connectionId)));
    }
}
