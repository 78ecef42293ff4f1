package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.EXPIRES_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.FAMILY_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.REVOKED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.ROTATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_ID;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.port.CredentialStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code pk=REFRESH#<sha256>, sk=REFRESH} and {@code pk=FAMILY#<familyId>, sk=FAMILY} (present = revoked). Both
 * expire by TTL.
 */
public final class DynamoCredentialStore implements CredentialStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCredentialStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void saveRefreshToken(RefreshToken token) {
        Map<String, AttributeValue> item = new HashMap<>(refreshKey(token.tokenHash()));
        item.put(USER_ID, Attr.s(token.userId()));
        item.put(FAMILY_ID, Attr.s(token.familyId()));
        item.put(EXPIRES_AT, Attr.n(token.expiresAt().toEpochMilli()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(token.expiresAt())));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String tokenHash) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(refreshKey(tokenHash)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RefreshToken(
                tokenHash, Attr.str(item, USER_ID), Attr.str(item, FAMILY_ID), Attr.instant(item, EXPIRES_AT)));
    }

    @Override
    public boolean markRotated(String tokenHash, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(refreshKey(tokenHash))
                    .updateExpression("SET #r = :now")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(#r)")
                    .expressionAttributeNames(Map.of("#r", ROTATED_AT))
                    .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException reused) {
            return false;
        }
    }

    @Override
    public void revokeFamily(String familyId, Instant revokedAt, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(familyKey(familyId));
        item.put(REVOKED_AT, Attr.n(revokedAt.toEpochMilli()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(keepUntil)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public boolean isFamilyRevoked(String familyId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(familyKey(familyId)).consistentRead(true))
                .item();
        return item != null && !item.isEmpty();
    }

    private static Map<String, AttributeValue> refreshKey(String hash) {
        return Attr.key("REFRESH#" + hash, "REFRESH");
    }

    private static Map<String, AttributeValue> familyKey(String familyId) {
        return Attr.key("FAMILY#" + familyId, "FAMILY");
    }
}
