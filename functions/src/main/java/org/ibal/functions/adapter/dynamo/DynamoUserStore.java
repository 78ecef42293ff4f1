package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.CREATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.DISPLAY_NAME;
import static org.ibal.functions.adapter.dynamo.IbalTable.PASSWORD_HASH;
import static org.ibal.functions.adapter.dynamo.IbalTable.USERNAME;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_ID;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.port.UserStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@code pk=USER#<userId>, sk=PROFILE} and {@code pk=USERNAME#<username>, sk=USERNAME} (the uniqueness guard, and a
 * copy of the profile so login is one read), written together in one transaction.
 */
public final class DynamoUserStore implements UserStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUserStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(User user) {
        Map<String, AttributeValue> profile = new HashMap<>(Attr.key("USER#" + user.id(), "PROFILE"));
        Map<String, AttributeValue> byName = new HashMap<>(Attr.key("USERNAME#" + user.username(), "USERNAME"));
        for (Map<String, AttributeValue> item : java.util.List.of(profile, byName)) {
            item.put(USER_ID, Attr.s(user.id()));
            item.put(USERNAME, Attr.s(user.username()));
            item.put(DISPLAY_NAME, Attr.s(user.displayName()));
            item.put(PASSWORD_HASH, Attr.s(user.passwordHash()));
            item.put(CREATED_AT, Attr.n(user.createdAt().toEpochMilli()));
        }
        // The profile is listed for admins on gsi1, newest first.
        profile.put(IbalTable.GSI1_PK, Attr.s(DynamoAccountStore.ALL_USERS));
        profile.put(
                IbalTable.GSI1_SK,
                Attr.s(String.format("%013d", user.createdAt().toEpochMilli()) + "#" + user.id()));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(byName).conditionExpression("attribute_not_exists(pk)")),
                    i -> i.put(p -> p.tableName(table).item(profile).conditionExpression("attribute_not_exists(pk)"))));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream()
                    .map(CancellationReason::code)
                    .anyMatch("ConditionalCheckFailed"::equals)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return read(Attr.key("USERNAME#" + username, "USERNAME"));
    }

    @Override
    public Optional<User> findById(String userId) {
        return read(Attr.key("USER#" + userId, "PROFILE"));
    }

    @Override
    public void updatePasswordHash(User user, String passwordHash) {
        Map<String, AttributeValue> value = Map.of(":h", Attr.s(passwordHash));
        dynamo.transactWriteItems(t -> t.transactItems(
                i -> i.update(u -> u.tableName(table)
                        .key(Attr.key("USER#" + user.id(), "PROFILE"))
                        .updateExpression("SET #h = :h")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#h", PASSWORD_HASH))
                        .expressionAttributeValues(value)),
                i -> i.update(u -> u.tableName(table)
                        .key(Attr.key("USERNAME#" + user.username(), "USERNAME"))
                        .updateExpression("SET #h = :h")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#h", PASSWORD_HASH))
                        .expressionAttributeValues(value))));
    }

    @Override
    public void delete(User user) {
        dynamo.transactWriteItems(t -> t.transactItems(
                i -> i.delete(d -> d.tableName(table).key(Attr.key("USER#" + user.id(), "PROFILE"))),
                i -> i.delete(d -> d.tableName(table).key(Attr.key("USERNAME#" + user.username(), "USERNAME")))));
    }

    private Optional<User> read(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new User(
                Attr.str(item, USER_ID),
                Attr.str(item, USERNAME),
                Attr.str(item, DISPLAY_NAME),
                Attr.str(item, PASSWORD_HASH),
                Attr.instant(item, CREATED_AT)));
    }
}
