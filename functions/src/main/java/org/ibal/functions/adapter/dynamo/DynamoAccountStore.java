package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.CREATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.EXPIRES_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1_PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.PROMOTED_ROLE;
import static org.ibal.functions.adapter.dynamo.IbalTable.REVOKED_BEFORE;
import static org.ibal.functions.adapter.dynamo.IbalTable.SUSPENDED;
import static org.ibal.functions.adapter.dynamo.IbalTable.USERNAME;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_ID;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.ibal.functions.domain.classes.Account;
import org.ibal.functions.domain.classes.Role;
import org.ibal.functions.domain.port.AccountStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@code USER#<userId>/ACCOUNT} (promotion, suspension, sessions revoked before) and one-time reset tokens
 * {@code RESET#<sha256>/RESET} (TTL when they expire). Admins list local accounts from their profiles on gsi1
 * ({@code USERS}).
 */
public final class DynamoAccountStore implements AccountStore {
    static final String ALL_USERS = "USERS";
    private static final String ACCOUNT = "ACCOUNT";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAccountStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String userId) {
        return Attr.key("USER#" + userId, ACCOUNT);
    }

    @Override
    public Account find(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key(userId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Account.plain(userId) : toAccount(userId, item);
    }

    static Account toAccount(String userId, Map<String, AttributeValue> item) {
        return new Account(
                userId,
                Role.parse(Attr.str(item, PROMOTED_ROLE)),
                Attr.bool(item, SUSPENDED),
                item.containsKey(REVOKED_BEFORE) ? Attr.instant(item, REVOKED_BEFORE) : null);
    }

    @Override
    public void setPromotedRole(String userId, Role role) {
        if (role == null) {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(key(userId))
                    .updateExpression("REMOVE #r")
                    .expressionAttributeNames(Map.of("#r", PROMOTED_ROLE)));
        } else {
            set(userId, PROMOTED_ROLE, Attr.s(role.wire()));
        }
    }

    @Override
    public void setSuspended(String userId, boolean suspended) {
        set(userId, SUSPENDED, AttributeValue.fromBool(suspended));
    }

    @Override
    public void revokeSessionsBefore(String userId, Instant before) {
        set(userId, REVOKED_BEFORE, Attr.n(before.toEpochMilli()));
    }

    private void set(String userId, String attribute, AttributeValue value) {
        dynamo.updateItem(u -> u.tableName(table)
                .key(key(userId))
                .updateExpression("SET #a = :v")
                .expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", value)));
    }

    @Override
    public void saveResetToken(String tokenHash, String userId, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(resetKey(tokenHash));
        item.put(USER_ID, Attr.s(userId));
        item.put(EXPIRES_AT, Attr.n(expiresAt.toEpochMilli()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(expiresAt)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public String consumeResetToken(String tokenHash, Instant now) {
        try {
            // Deleted on use, on condition it has not expired: a token works once, and only in time.
            Map<String, AttributeValue> old = dynamo.deleteItem(d -> d.tableName(table)
                            .key(resetKey(tokenHash))
                            .conditionExpression("attribute_exists(pk) AND #e > :now")
                            .expressionAttributeNames(Map.of("#e", EXPIRES_AT))
                            .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli())))
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            return Attr.str(old, USER_ID);
        } catch (ConditionalCheckFailedException unknownUsedOrExpired) {
            return null;
        }
    }

    @Override
    public void delete(String userId) {
        dynamo.deleteItem(d -> d.tableName(table).key(key(userId)));
    }

    @Override
    public UserPage listUsers(int limit, String cursor) {
        Map<String, AttributeValue> start = Cursors.decode(cursor, Cursors.USER_LIST, ALL_USERS);
        QueryResponse page = Cursors.refusingUnusable(
                () -> dynamo.query(b -> b.tableName(table)
                        .indexName(GSI1)
                        .scanIndexForward(false)
                        .limit(limit)
                        .exclusiveStartKey(start)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(ALL_USERS)))),
                start);
        return new UserPage(
                page.items().stream()
                        .map(item -> new UserRow(
                                Attr.str(item, USER_ID), Attr.str(item, USERNAME), Attr.instant(item, CREATED_AT)))
                        .toList(),
                Cursors.encode(page.lastEvaluatedKey()));
    }

    private static Map<String, AttributeValue> resetKey(String tokenHash) {
        return Attr.key("RESET#" + tokenHash, "RESET");
    }
}
