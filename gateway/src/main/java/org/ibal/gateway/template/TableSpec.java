package org.ibal.gateway.template;

import java.util.Map;

/** An {@code AWS::DynamoDB::Table}: its name for this run and its properties as the template gives them. */
public record TableSpec(String logicalId, String tableName, Map<String, Object> properties) {}
