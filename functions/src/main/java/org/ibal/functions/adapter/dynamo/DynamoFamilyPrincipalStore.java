package org.ibal.functions.adapter.dynamo;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.port.FamilyPrincipalStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code pk=FAMILY#<familyId>, sk=PRINCIPAL}: beside the family's revocation marker ({@code sk=FAMILY}), kept as
 * long as the family's newest refresh token.
 */
public final class DynamoFamilyPrincipalStore implements FamilyPrincipalStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoFamilyPrincipalStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(String familyId, Principal principal, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(key(familyId));
        PrincipalItem.write(item, principal);
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(keepUntil)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<Principal> find(String familyId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key(familyId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(PrincipalItem.read(item));
    }

    private static Map<String, AttributeValue> key(String familyId) {
        return Attr.key("FAMILY#" + familyId, "PRINCIPAL");
    }
}
