package org.ibal.functions.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Records the name of every DynamoDB operation a client makes, in order: the store's access pattern, observed. */
public final class DynamoCalls implements ExecutionInterceptor {
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final List<String> itemKeys = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        Map<String, AttributeValue> key = switch (context.request()) {
            case GetItemRequest get -> get.key();
            case UpdateItemRequest update -> update.key();
            default -> Map.of();
        };
        if (key.containsKey("pk")) {
            itemKeys.add(key.get("pk").s());
        }
    }

    /** The partition keys of the single-item reads and updates since the last {@link #clear()}, in order. */
    public List<String> itemKeys() {
        return List.copyOf(itemKeys);
    }

    /** The operations since the last {@link #clear()}. */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    public void clear() {
        operations.clear();
        itemKeys.clear();
    }
}
