package org.ibal.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ibal.gateway.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Instances register in a small table of their own ({@code tag → url}, with a heartbeat and a lease).
 * A tag is claimed with a conditional write, so two live instances never share one; a crashed
 * instance's tag is reusable once its lease has run out.
 */
public final class DynamoInstanceDirectory implements InstanceDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoInstanceDirectory.class);

    static final String TAG = "tag";
    static final String URL = "url";
    static final String LEASE_UNTIL = "leaseUntil";
    private static final Duration LEASE = Duration.ofSeconds(90);
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final String tag;
    private final String url;
    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("instance-heartbeat").factory());

    public DynamoInstanceDirectory(DynamoDbClient dynamo, String table, String url, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.url = url;
        this.clock = clock;
        ensureTable();
        this.tag = claimTag();
        heartbeat.scheduleAtFixedRate(this::renew, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public String urlOf(String otherTag) {
        if (tag.equals(otherTag)) {
            return url;
        }
        String known = cache.get(otherTag);
        if (known != null) {
            return known;
        }
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(TAG, s(otherTag))))
                .item();
        if (item == null
                || !item.containsKey(URL)
                || Long.parseLong(item.get(LEASE_UNTIL).n()) < clock.millis()) {
            return null;
        }
        String found = item.get(URL).s();
        cache.put(otherTag, found);
        return found;
    }

    /** The next lookup of {@code otherTag} reads the table again. */
    @Override
    public void forget(String otherTag) {
        cache.remove(otherTag);
    }

    private void ensureTable() {
        try {
            dynamo.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException missing) {
            try {
                dynamo.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName(TAG)
                                .attributeType(ScalarAttributeType.S)
                                .build())
                        .keySchema(k -> k.attributeName(TAG).keyType(KeyType.HASH)));
            } catch (ResourceInUseException raced) {
                // another instance created it
            }
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        }
    }

    private String claimTag() {
        for (int attempt = 0; attempt < 50; attempt++) {
            String candidate = Ids.instanceTag();
            try {
                dynamo.putItem(b -> b.tableName(table)
                        .item(item(candidate))
                        .conditionExpression("attribute_not_exists(#tag) OR #lease < :now")
                        .expressionAttributeNames(Map.of("#tag", TAG, "#lease", LEASE_UNTIL))
                        .expressionAttributeValues(Map.of(":now", n(clock.millis()))));
                return candidate;
            } catch (ConditionalCheckFailedException taken) {
                // a live instance holds it; try another
            }
        }
        throw new IllegalStateException("could not claim an instance tag in " + table + " after 50 attempts");
    }

    private void renew() {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(tag)));
        } catch (RuntimeException e) {
            LOG.warn("instance heartbeat failed: {}", e.getMessage());
        }
    }

    private Map<String, AttributeValue> item(String itemTag) {
        return Map.of(TAG, s(itemTag), URL, s(url), LEASE_UNTIL, n(clock.millis() + LEASE.toMillis()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(TAG, s(tag))));
        } catch (RuntimeException e) {
            LOG.warn("could not deregister instance {}: {}", tag, e.getMessage());
        }
    }
}
