package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.COST_MICROS;
import static org.ibal.functions.adapter.dynamo.IbalTable.ESTIMATED;
import static org.ibal.functions.adapter.dynamo.IbalTable.LAST_ACTIVE;
import static org.ibal.functions.adapter.dynamo.IbalTable.MESSAGES;
import static org.ibal.functions.adapter.dynamo.IbalTable.PK;
import static org.ibal.functions.adapter.dynamo.IbalTable.SK;
import static org.ibal.functions.adapter.dynamo.IbalTable.TOKENS_IN;
import static org.ibal.functions.adapter.dynamo.IbalTable.TOKENS_OUT;
import static org.ibal.functions.adapter.dynamo.IbalTable.USERNAME;
import static org.ibal.functions.adapter.dynamo.IbalTable.USER_ID;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ibal.functions.domain.port.UsageStore;
import org.ibal.functions.domain.usage.TokenUsage;
import org.ibal.functions.domain.usage.TurnCost;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * In the class's partition: {@code USAGE#<yyyy-MM-dd>#<userId>} (ADD messages, tokensIn, tokensOut, modelMicros,
 * infraMicros) and {@code MONTH#<yyyy-MM>} (ADD costMicros, messages), both updated in one TransactWriteItems per
 * turn. The month counter is what sendMessage reads in its pre-model batch.
 */
public final class DynamoUsageStore implements UsageStore {
    static final String MODEL_MICROS = "modelMicros";
    static final String INFRA_MICROS = "infraMicros";
    /** The name left on a deleted account's usage rows. */
    static final String DELETED_NAME = "(deleted account)";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUsageStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Map<String, AttributeValue> monthKey(String classId, YearMonth month) {
        return Attr.key(DynamoClassStore.partition(classId), "MONTH#" + month);
    }

    static boolean isMonth(Map<String, AttributeValue> item) {
        return Attr.str(item, SK).startsWith("MONTH#");
    }

    static long spent(Map<String, AttributeValue> item) {
        return Attr.num(item, COST_MICROS);
    }

    @Override
    public void record(String classId, String userId, String username, Instant at, TokenUsage tokens, TurnCost cost) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Map<String, String> names = new HashMap<>(Map.of(
                "#m",
                MESSAGES,
                "#i",
                TOKENS_IN,
                "#o",
                TOKENS_OUT,
                "#mm",
                MODEL_MICROS,
                "#im",
                INFRA_MICROS,
                "#u",
                USER_ID,
                "#n",
                USERNAME,
                "#l",
                LAST_ACTIVE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":one",
                Attr.n(1),
                ":i",
                Attr.n(tokens.tokensIn()),
                ":o",
                Attr.n(tokens.tokensOut()),
                ":mm",
                Attr.n(cost.modelMicros()),
                ":im",
                Attr.n(cost.infraMicros()),
                ":u",
                Attr.s(userId),
                ":n",
                Attr.s(username == null ? "" : username),
                ":l",
                Attr.n(at.toEpochMilli())));
        String set = "SET #u = :u, #n = :n, #l = :l";
        if (tokens.estimated()) {
            // Once any turn of the row was estimated, the row is.
            names.put("#e", ESTIMATED);
            values.put(":t", AttributeValue.fromBool(true));
            set += ", #e = :t";
        }
        String expression = set + " ADD #m :one, #i :i, #o :o, #mm :mm, #im :im";
        Update learnerDay = Update.builder()
                .tableName(table)
                .key(Attr.key(DynamoClassStore.partition(classId), "USAGE#" + day + "#" + userId))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
        Update month = Update.builder()
                .tableName(table)
                .key(monthKey(classId, YearMonth.from(day)))
                .updateExpression("ADD #c :c, #m :one")
                .expressionAttributeNames(Map.of("#c", COST_MICROS, "#m", MESSAGES))
                .expressionAttributeValues(Map.of(":c", Attr.n(cost.totalMicros()), ":one", Attr.n(1)))
                .build();
        dynamo.transactWriteItems(t -> t.transactItems(i -> i.update(learnerDay), i -> i.update(month)));
    }

    @Override
    public List<UsageRow> between(String classId, LocalDate from, LocalDate to) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("#p = :p AND #s BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#p", PK, "#s", SK))
                        .expressionAttributeValues(Map.of(
                                ":p",
                                Attr.s(DynamoClassStore.partition(classId)),
                                ":from",
                                Attr.s("USAGE#" + from + "#"),
                                ":to",
                                Attr.s("USAGE#" + to + "#~"))))
                .items()
                .stream()
                .map(DynamoUsageStore::toRow)
                .toList();
    }

    @Override
    public long spentMicros(String classId, YearMonth month) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(monthKey(classId, month)).consistentRead(true))
                .item();
        return item == null ? 0 : spent(item);
    }

    @Override
    public void anonymise(String classId, String userId) {
        dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("#p = :p AND begins_with(#s, :usage)")
                        .filterExpression("#u = :u")
                        .projectionExpression("#p, #s")
                        .expressionAttributeNames(Map.of("#p", PK, "#s", SK, "#u", USER_ID))
                        .expressionAttributeValues(Map.of(
                                ":p",
                                Attr.s(DynamoClassStore.partition(classId)),
                                ":usage",
                                Attr.s("USAGE#"),
                                ":u",
                                Attr.s(userId))))
                .items()
                .forEach(item -> dynamo.updateItem(u -> u.tableName(table)
                        .key(Attr.key(Attr.str(item, PK), Attr.str(item, SK)))
                        .updateExpression("SET #n = :n")
                        .expressionAttributeNames(Map.of("#n", USERNAME))
                        .expressionAttributeValues(Map.of(":n", Attr.s(DELETED_NAME)))));
    }

    private static UsageRow toRow(Map<String, AttributeValue> item) {
        String[] key = Attr.str(item, SK).split("#", 3);
        return new UsageRow(
                LocalDate.parse(key[1]),
                key[2],
                Attr.str(item, USERNAME),
                Attr.num(item, MESSAGES),
                Attr.num(item, TOKENS_IN),
                Attr.num(item, TOKENS_OUT),
                Attr.num(item, MODEL_MICROS),
                Attr.num(item, INFRA_MICROS),
                Attr.bool(item, ESTIMATED),
                Attr.instant(item, LAST_ACTIVE));
    }
}
