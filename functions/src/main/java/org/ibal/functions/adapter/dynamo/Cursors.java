package org.ibal.functions.adapter.dynamo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ibal.functions.domain.error.InvalidInputException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: a query's LastEvaluatedKey (string attributes only), base64url-encoded. Decoding checks
 * that the cursor belongs to the same partition, so a cursor cannot be used to read someone else's items.
 */
final class Cursors {
    private static final char FIELD = '\u001f';
    private static final char VALUE = '\u001e';

    private Cursors() {
    }

    static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(lastKey).forEach((name, value) -> out.append(name).append(VALUE).append(value.s()).append(FIELD));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @return null for a null cursor */
    static Map<String, AttributeValue> decode(String cursor, String partitionAttribute, String expectedPartition) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> key = new HashMap<>();
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            for (String field : text.split(String.valueOf(FIELD))) {
                int split = field.indexOf(VALUE);
                if (split > 0) {
                    key.put(field.substring(0, split), AttributeValue.fromS(field.substring(split + 1)));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor is not one this API issued");
        }
        AttributeValue partition = key.get(partitionAttribute);
        if (partition == null || !expectedPartition.equals(partition.s())) {
            throw new InvalidInputException("cursor is not one this API issued");
        }
        return key;
    }
}
