package org.ibal.functions.adapter.dynamo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ibal.functions.domain.error.InvalidInputException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Opaque page cursors: a query's LastEvaluatedKey (string attributes only), base64url-encoded. Decoding accepts
 * only exactly the key shape the query issues (the same attributes, in the caller's own partition, sort keys of the
 * listed kind), so a cursor can neither read someone else's items nor make the query fail: anything else is a 400.
 */
final class Cursors {
    private static final char FIELD = '\u001f';
    private static final char VALUE = '\u001e';
    private static final String NOT_OURS = "cursor is not one this API issued";

    /** What a query's LastEvaluatedKey holds, and which attribute names the caller's partition. */
    record Shape(Set<String> attributes, String partitionAttribute, Predicate<Map<String, String>> wellFormed) {}

    /** A user's sessions (gsi1): the table key and the index key. */
    static final Shape SESSION_LIST = new Shape(
            Set.of(IbalTable.PK, IbalTable.SK, IbalTable.GSI1_PK, IbalTable.GSI1_SK),
            IbalTable.GSI1_PK,
            key -> key.get(IbalTable.PK).startsWith("SESSION#")
                    && key.get(IbalTable.SK).equals("META"));

    /** A session's messages. */
    static final Shape MESSAGE_LIST = new Shape(
            Set.of(IbalTable.PK, IbalTable.SK),
            IbalTable.PK,
            key -> key.get(IbalTable.SK).startsWith("MSG#"));

    /** Local accounts for the admin (gsi1 {@code USERS}). */
    static final Shape USER_LIST = new Shape(
            Set.of(IbalTable.PK, IbalTable.SK, IbalTable.GSI1_PK, IbalTable.GSI1_SK),
            IbalTable.GSI1_PK,
            key -> key.get(IbalTable.PK).startsWith("USER#")
                    && key.get(IbalTable.SK).equals("PROFILE"));

    private Cursors() {}

    static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(lastKey)
                .forEach((name, value) ->
                        out.append(name).append(VALUE).append(value.s()).append(FIELD));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return null for a null or empty cursor
     * @throws InvalidInputException unless it decodes to exactly {@code shape}'s attributes, all strings, in
     *                               {@code expectedPartition}
     */
    static Map<String, AttributeValue> decode(String cursor, Shape shape, String expectedPartition) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.isEmpty() || text.charAt(text.length() - 1) != FIELD) {
                throw new InvalidInputException(NOT_OURS);
            }
            for (String field : text.substring(0, text.length() - 1).split(String.valueOf(FIELD), -1)) {
                int split = field.indexOf(VALUE);
                if (split <= 0
                        || field.indexOf(VALUE, split + 1) >= 0
                        || fields.put(field.substring(0, split), field.substring(split + 1)) != null) {
                    throw new InvalidInputException(NOT_OURS);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(NOT_OURS);
        }
        if (!fields.keySet().equals(shape.attributes())
                || fields.values().stream().anyMatch(String::isEmpty)
                || !expectedPartition.equals(fields.get(shape.partitionAttribute()))
                || !shape.wellFormed().test(fields)) {
            throw new InvalidInputException(NOT_OURS);
        }
        Map<String, AttributeValue> key = new HashMap<>();
        fields.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
        return key;
    }

    /**
     * Runs a query that starts at a decoded cursor; should the store still refuse the start key (a validation
     * error), the caller gets the cursor's 400 rather than a 500.
     */
    static <T> T refusingUnusable(Supplier<T> query, Map<String, AttributeValue> start) {
        try {
            return query.get();
        } catch (DynamoDbException e) {
            if (start != null
                    && e.statusCode() == 400
                    && e.awsErrorDetails() != null
                    && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
                throw new InvalidInputException(NOT_OURS);
            }
            throw e;
        }
    }
}
