package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.EXPIRES_AT;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.port.OAuthStateStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@code pk=OAUTHSTATE#<sha256(state)>, sk=OAUTHSTATE}, removed by TTL. A callback consumes it with one conditional
 * delete, so two callbacks racing with the same state cannot both win.
 */
public final class DynamoOAuthStateStore implements OAuthStateStore {
    static final String BROWSER_HASH = "browserHash";
    static final String CODE_VERIFIER = "codeVerifier";
    static final String ORIGIN = "origin";
    static final String REDIRECT_URI = "redirectUri";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOAuthStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(PendingAuthorization pending) {
        Map<String, AttributeValue> item = new HashMap<>(key(pending.stateHash()));
        item.put(BROWSER_HASH, Attr.s(pending.browserHash()));
        item.put(CODE_VERIFIER, Attr.s(pending.codeVerifier()));
        item.put(ORIGIN, Attr.s(pending.origin()));
        item.put(REDIRECT_URI, Attr.s(pending.redirectUri()));
        item.put(EXPIRES_AT, Attr.n(pending.expiresAt().toEpochMilli()));
        item.put(IbalTable.TTL, Attr.n(Attr.epochSeconds(pending.expiresAt()) + 60));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<PendingAuthorization> consume(String stateHash, Instant now) {
        try {
            // TTL deletion lags by hours, so expiry is part of the condition.
            Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
                            .key(key(stateHash))
                            .conditionExpression("attribute_exists(pk) AND #e > :now")
                            .expressionAttributeNames(Map.of("#e", EXPIRES_AT))
                            .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli())))
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            return Optional.of(new PendingAuthorization(
                    stateHash,
                    Attr.str(old, BROWSER_HASH),
                    Attr.str(old, CODE_VERIFIER),
                    Attr.str(old, ORIGIN),
                    Attr.str(old, REDIRECT_URI),
                    Attr.instant(old, EXPIRES_AT)));
        } catch (ConditionalCheckFailedException unknownUsedOrExpired) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> key(String stateHash) {
        return Attr.key("OAUTHSTATE#" + stateHash, "OAUTHSTATE");
    }
}
