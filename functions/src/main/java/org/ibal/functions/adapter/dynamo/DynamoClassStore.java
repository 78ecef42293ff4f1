package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.ARCHIVED;
import static org.ibal.functions.adapter.dynamo.IbalTable.CLASS_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.CREATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.DAILY_MESSAGE_QUOTA;
import static org.ibal.functions.adapter.dynamo.IbalTable.DAILY_QUOTA_OVERRIDE;
import static org.ibal.functions.adapter.dynamo.IbalTable.DELETE_AFTER;
import static org.ibal.functions.adapter.dynamo.IbalTable.EXPIRES_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1_PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.GSI1_SK;
import static org.ibal.functions.adapter.dynamo.IbalTable.JOINED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.MONTHLY_BUDGET_MICROS;
import static org.ibal.functions.adapter.dynamo.IbalTable.MY_ROLE;
import static org.ibal.functions.adapter.dynamo.IbalTable.NAME;
import static org.ibal.functions.adapter.dynamo.IbalTable.OWNER_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.REVOKED;
import static org.ibal.functions.adapter.dynamo.IbalTable.SEATS;
import static org.ibal.functions.adapter.dynamo.IbalTable.SK;
import static org.ibal.functions.adapter.dynamo.IbalTable.TTL;
import static org.ibal.functions.adapter.dynamo.IbalTable.USED;
import static org.ibal.functions.adapter.dynamo.IbalTable.USERNAME;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_ID;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.classes.ClassInvite;
import org.ibal.functions.domain.classes.Membership;
import org.ibal.functions.domain.classes.Role;
import org.ibal.functions.domain.classes.SchoolClass;
import org.ibal.functions.domain.port.ClassStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Classes: {@code CLASS#<id>/META} (listed on gsi1 under {@code CLASSES}), members {@code CLASS#<id>/MEMBER#<userId>}
 * with the reverse link {@code USER#<userId>/CLASS#<id>} written in the same transaction, invites
 * {@code INVITE#<code>/META} (listed on gsi1 under {@code INVITES#<classId>}, TTL 30 days after they expire).
 */
public final class DynamoClassStore implements ClassStore {
    static final String META = "META";
    private static final String ALL_CLASSES = "CLASSES";
    private static final Duration INVITE_KEPT_AFTER_EXPIRY = Duration.ofDays(30);
    private static final int BATCH_GET_MAX = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoClassStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String partition(String classId) {
        return "CLASS#" + classId;
    }

    static Map<String, AttributeValue> metaKey(String classId) {
        return Attr.key(partition(classId), META);
    }

    static Map<String, AttributeValue> memberKey(String classId, String userId) {
        return Attr.key(partition(classId), "MEMBER#" + userId);
    }

    private static Map<String, AttributeValue> linkKey(String userId, String classId) {
        return Attr.key("USER#" + userId, "CLASS#" + classId);
    }

    private static Map<String, AttributeValue> inviteKey(String code) {
        return Attr.key("INVITE#" + code, META);
    }

    @Override
    public void create(SchoolClass schoolClass, Membership owner) {
        Map<String, AttributeValue> meta = classItem(schoolClass);
        dynamo.transactWriteItems(t -> t.transactItems(
                i -> i.put(p -> p.tableName(table).item(meta).conditionExpression("attribute_not_exists(pk)")),
                i -> i.put(p -> p.tableName(table).item(memberItem(owner))),
                i -> i.put(p -> p.tableName(table).item(linkItem(owner)))));
    }

    @Override
    public Optional<SchoolClass> find(String classId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(metaKey(classId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toClass(item));
    }

    @Override
    public List<SchoolClass> findAll(List<String> classIds) {
        List<SchoolClass> found = new ArrayList<>();
        List<String> distinct = classIds.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> keys =
                    distinct.subList(from, Math.min(distinct.size(), from + BATCH_GET_MAX)).stream()
                            .map(DynamoClassStore::metaKey)
                            .toList();
            Map<String, KeysAndAttributes> pending =
                    Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
                response.responses().getOrDefault(table, List.of()).forEach(item -> found.add(toClass(item)));
                pending = response.unprocessedKeys();
            }
        }
        found.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        return found;
    }

    @Override
    public List<SchoolClass> listAll() {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .indexName(GSI1)
                        .scanIndexForward(false)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(ALL_CLASSES))))
                .items()
                .stream()
                .map(DynamoClassStore::toClass)
                .toList();
    }

    @Override
    public void update(SchoolClass schoolClass) {
        dynamo.putItem(
                b -> b.tableName(table).item(classItem(schoolClass)).conditionExpression("attribute_exists(pk)"));
        if (!schoolClass.archived()) {
            // Restored from the archive: nothing of it is to be deleted any more.
            forEachItemOf(
                    schoolClass.id(),
                    key -> dynamo.updateItem(u -> u.tableName(table)
                            .key(key)
                            .updateExpression("REMOVE #t")
                            .expressionAttributeNames(Map.of("#t", TTL))));
        }
    }

    @Override
    public void archive(String classId, Instant deleteAfter) {
        AttributeValue ttl = Attr.n(Attr.epochSeconds(deleteAfter));
        dynamo.updateItem(u -> u.tableName(table)
                .key(metaKey(classId))
                .updateExpression("SET #a = :a, #d = :d")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#a", ARCHIVED, "#d", DELETE_AFTER))
                .expressionAttributeValues(
                        Map.of(":a", AttributeValue.fromBool(true), ":d", Attr.n(deleteAfter.toEpochMilli()))));
        // Every item of the class (meta, members, usage) and the members' links to it go when the TTL passes.
        forEachItemOf(
                classId,
                key -> dynamo.updateItem(u -> u.tableName(table)
                        .key(key)
                        .updateExpression("SET #t = :t")
                        .expressionAttributeNames(Map.of("#t", TTL))
                        .expressionAttributeValues(Map.of(":t", ttl))));
    }

    /** Every item of the class's partition, and each member's link to it. */
    private void forEachItemOf(String classId, java.util.function.Consumer<Map<String, AttributeValue>> action) {
        dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("#p = :p")
                        .projectionExpression("#p, #s, #u")
                        .expressionAttributeNames(Map.of("#p", PK, "#s", SK, "#u", USER_ID))
                        .expressionAttributeValues(Map.of(":p", Attr.s(partition(classId)))))
                .items()
                .forEach(item -> {
                    action.accept(Attr.key(Attr.str(item, PK), Attr.str(item, SK)));
                    if (Attr.str(item, SK).startsWith("MEMBER#")) {
                        action.accept(linkKey(Attr.str(item, USER_ID), classId));
                    }
                });
    }

    @Override
    public List<Membership> membershipsOf(String userId) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("#p = :p AND begins_with(#s, :s)")
                        .expressionAttributeNames(Map.of("#p", PK, "#s", SK))
                        .expressionAttributeValues(Map.of(":p", Attr.s("USER#" + userId), ":s", Attr.s("CLASS#"))))
                .items()
                .stream()
                .map(DynamoClassStore::toMembership)
                .toList();
    }

    @Override
    public List<Membership> members(String classId) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("#p = :p AND begins_with(#s, :s)")
                        .expressionAttributeNames(Map.of("#p", PK, "#s", SK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(partition(classId)), ":s", Attr.s("MEMBER#"))))
                .items()
                .stream()
                .map(DynamoClassStore::toMembership)
                .toList();
    }

    @Override
    public Optional<Membership> member(String classId, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(memberKey(classId, userId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toMembership(item));
    }

    @Override
    public boolean addMember(Membership membership) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table)
                            .item(memberItem(membership))
                            .conditionExpression("attribute_not_exists(pk)")),
                    i -> i.put(p -> p.tableName(table).item(linkItem(membership)))));
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
    public void setQuotaOverride(String classId, String userId, Integer dailyQuotaOverride) {
        if (dailyQuotaOverride == null) {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(memberKey(classId, userId))
                    .updateExpression("REMOVE #q")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#q", DAILY_QUOTA_OVERRIDE)));
        } else {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(memberKey(classId, userId))
                    .updateExpression("SET #q = :q")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#q", DAILY_QUOTA_OVERRIDE))
                    .expressionAttributeValues(Map.of(":q", Attr.n(dailyQuotaOverride))));
        }
    }

    @Override
    public void removeMemberships(String userId) {
        for (Membership membership : membershipsOf(userId)) {
            dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.delete(d -> d.tableName(table).key(memberKey(membership.classId(), userId))),
                    i -> i.delete(d -> d.tableName(table).key(linkKey(userId, membership.classId())))));
        }
    }

    @Override
    public void saveInvite(ClassInvite invite) {
        Map<String, AttributeValue> item = new HashMap<>(inviteKey(invite.code()));
        item.put(CLASS_ID, Attr.s(invite.classId()));
        item.put(SEATS, Attr.n(invite.seats()));
        item.put(USED, Attr.n(invite.used()));
        item.put(EXPIRES_AT, Attr.n(invite.expiresAt().toEpochMilli()));
        item.put(REVOKED, AttributeValue.fromBool(invite.revoked()));
        item.put(CREATED_AT, Attr.n(invite.createdAt().toEpochMilli()));
        item.put(GSI1_PK, Attr.s("INVITES#" + invite.classId()));
        item.put(GSI1_SK, Attr.s(sortable(invite.createdAt()) + "#" + invite.code()));
        item.put(TTL, Attr.n(Attr.epochSeconds(invite.expiresAt().plus(INVITE_KEPT_AFTER_EXPIRY))));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<ClassInvite> findInvite(String code) {
        if (code == null || code.isEmpty() || code.length() > 64) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(inviteKey(code)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toInvite(item));
    }

    @Override
    public List<ClassInvite> invites(String classId) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .indexName(GSI1)
                        .scanIndexForward(false)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s("INVITES#" + classId))))
                .items()
                .stream()
                .map(DynamoClassStore::toInvite)
                .toList();
    }

    @Override
    public void revokeInvite(String code) {
        dynamo.updateItem(u -> u.tableName(table)
                .key(inviteKey(code))
                .updateExpression("SET #r = :t")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#r", REVOKED))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
    }

    @Override
    public Optional<ClassInvite> spendSeat(String code, Instant now) {
        if (code == null || code.isEmpty() || code.length() > 64) {
            return Optional.empty();
        }
        try {
            Map<String, AttributeValue> before = dynamo.updateItem(u -> u.tableName(table)
                            .key(inviteKey(code))
                            .updateExpression("ADD #u :one")
                            .conditionExpression("attribute_exists(pk) AND #r = :f AND #u < #s AND #e > :now")
                            .expressionAttributeNames(Map.of("#u", USED, "#r", REVOKED, "#s", SEATS, "#e", EXPIRES_AT))
                            .expressionAttributeValues(Map.of(
                                    ":one",
                                    Attr.n(1),
                                    ":f",
                                    AttributeValue.fromBool(false),
                                    ":now",
                                    Attr.n(now.toEpochMilli())))
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            return Optional.of(toInvite(before));
        } catch (ConditionalCheckFailedException notUsable) {
            return Optional.empty();
        }
    }

    @Override
    public void returnSeat(String code) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(inviteKey(code))
                    .updateExpression("ADD #u :minus")
                    .conditionExpression("#u > :zero")
                    .expressionAttributeNames(Map.of("#u", USED))
                    .expressionAttributeValues(Map.of(":minus", Attr.n(-1), ":zero", Attr.n(0))));
        } catch (ConditionalCheckFailedException nothingToReturn) {
            // Never spent, or gone.
        }
    }

    private static Map<String, AttributeValue> classItem(SchoolClass c) {
        Map<String, AttributeValue> item = new HashMap<>(metaKey(c.id()));
        item.put(CLASS_ID, Attr.s(c.id()));
        item.put(NAME, Attr.s(c.name()));
        Attr.putIfPresent(item, OWNER_ID, c.ownerId());
        if (c.dailyMessageQuota() != null) {
            item.put(DAILY_MESSAGE_QUOTA, Attr.n(c.dailyMessageQuota()));
        }
        if (c.monthlyBudgetMicros() != null) {
            item.put(MONTHLY_BUDGET_MICROS, Attr.n(c.monthlyBudgetMicros()));
        }
        item.put(ARCHIVED, AttributeValue.fromBool(c.archived()));
        item.put(CREATED_AT, Attr.n(c.createdAt().toEpochMilli()));
        if (c.deleteAfter() != null) {
            item.put(DELETE_AFTER, Attr.n(c.deleteAfter().toEpochMilli()));
            item.put(TTL, Attr.n(Attr.epochSeconds(c.deleteAfter())));
        }
        item.put(GSI1_PK, Attr.s(ALL_CLASSES));
        item.put(GSI1_SK, Attr.s(sortable(c.createdAt()) + "#" + c.id()));
        return item;
    }

    static SchoolClass toClass(Map<String, AttributeValue> item) {
        return new SchoolClass(
                Attr.str(item, CLASS_ID),
                Attr.str(item, NAME),
                Attr.str(item, OWNER_ID),
                item.containsKey(DAILY_MESSAGE_QUOTA) ? (int) Attr.num(item, DAILY_MESSAGE_QUOTA) : null,
                item.containsKey(MONTHLY_BUDGET_MICROS) ? Attr.num(item, MONTHLY_BUDGET_MICROS) : null,
                Attr.bool(item, ARCHIVED),
                Attr.instant(item, CREATED_AT),
                item.containsKey(DELETE_AFTER) ? Attr.instant(item, DELETE_AFTER) : null);
    }

    private static Map<String, AttributeValue> memberItem(Membership m) {
        Map<String, AttributeValue> item = new HashMap<>(memberKey(m.classId(), m.userId()));
        putMembership(item, m);
        return item;
    }

    private static Map<String, AttributeValue> linkItem(Membership m) {
        Map<String, AttributeValue> item = new HashMap<>(linkKey(m.userId(), m.classId()));
        putMembership(item, m);
        return item;
    }

    private static void putMembership(Map<String, AttributeValue> item, Membership m) {
        item.put(CLASS_ID, Attr.s(m.classId()));
        item.put(USER_ID, Attr.s(m.userId()));
        Attr.putIfPresent(item, USERNAME, m.username());
        item.put(MY_ROLE, Attr.s(m.myRole().wire()));
        if (m.dailyQuotaOverride() != null) {
            item.put(DAILY_QUOTA_OVERRIDE, Attr.n(m.dailyQuotaOverride()));
        }
        item.put(JOINED_AT, Attr.n(m.joinedAt().toEpochMilli()));
    }

    static Membership toMembership(Map<String, AttributeValue> item) {
        Role role = Role.parse(Attr.str(item, MY_ROLE));
        return new Membership(
                Attr.str(item, CLASS_ID),
                Attr.str(item, USER_ID),
                Attr.str(item, USERNAME),
                role == null ? Role.LEARNER : role,
                item.containsKey(DAILY_QUOTA_OVERRIDE) ? (int) Attr.num(item, DAILY_QUOTA_OVERRIDE) : null,
                Attr.instant(item, JOINED_AT));
    }

    private static ClassInvite toInvite(Map<String, AttributeValue> item) {
        return new ClassInvite(
                Attr.str(item, PK).substring("INVITE#".length()),
                Attr.str(item, CLASS_ID),
                (int) Attr.num(item, SEATS),
                (int) Attr.num(item, USED),
                Attr.instant(item, EXPIRES_AT),
                Attr.bool(item, REVOKED),
                Attr.instant(item, CREATED_AT));
    }

    private static String sortable(Instant instant) {
        return String.format("%013d", instant.toEpochMilli());
    }
}
