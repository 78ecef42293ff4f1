package org.ibal.gateway.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions a local run needs: {@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt},
 * {@code Fn::Join}. Anything else fails with the path of the value, so a template that needs more
 * tells its author exactly where.
 */
final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> parameters;
    private final Map<String, Object> resources;
    private final Map<String, String> physicalNames;
    private final String region;
    private final String accountId;
    private final String stackName;

    Intrinsics(
            Map<String, String> parameters,
            Map<String, Object> resources,
            Map<String, String> physicalNames,
            String region,
            String accountId,
            String stackName) {
        this.parameters = parameters;
        this.resources = resources;
        this.physicalNames = physicalNames;
        this.region = region;
        this.accountId = accountId;
        this.stackName = stackName;
    }

    /** The value as a string, intrinsics resolved; {@code where} names it in errors. */
    String string(Object value, String where) {
        Object resolved = resolve(value, where);
        if (resolved == null) {
            return null;
        }
        if (resolved instanceof Map || resolved instanceof List) {
            throw new TemplateException(where + ": expected a string, found " + resolved);
        }
        return String.valueOf(resolved);
    }

    Object resolve(Object value, String where) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            Object argument = map.values().iterator().next();
            switch (key) {
                case "Ref":
                    return ref(String.valueOf(argument), where);
                case "Fn::Sub":
                    return sub(argument, where);
                case "Fn::GetAtt":
                    return getAtt(argument, where);
                case "Fn::Join":
                    return join(argument, where);
                case "Fn::Split":
                    return split(argument, where);
                default:
                    if (key.startsWith("Fn::") || key.equals("Condition")) {
                        throw new TemplateException(
                                where + ": the gateway does not evaluate " + key
                                        + " (it resolves Ref, Fn::Sub, Fn::GetAtt, Fn::Join and Fn::Split); use one of those here or a plain value");
                    }
            }
        }
        return value;
    }

    String ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return accountId;
            case "AWS::StackName":
                return stackName;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return null;
            default:
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (physicalNames.containsKey(name)) {
            return physicalNames.get(name);
        }
        if (resources.containsKey(name)) {
            return name; // integrations, routes, APIs: their logical id stands for their physical id
        }
        throw new TemplateException(where + ": !Ref " + name + " names no parameter, pseudo parameter or resource");
    }

    private String sub(Object argument, String where) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof List<?> list && list.size() == 2) {
            text = String.valueOf(list.get(0));
            variables = (Map<?, ?>) list.get(1);
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1).trim();
            String value;
            if (variables.containsKey(variable)) {
                value = string(variables.get(variable), where + " ${" + variable + "}");
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                value = String.valueOf(attribute(variable.substring(0, dot), variable.substring(dot + 1), where));
            } else {
                value = ref(variable, where);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private Object getAtt(Object argument, String where) {
        if (!(argument instanceof List<?> list) || list.size() != 2) {
            throw new TemplateException(where + ": Fn::GetAtt wants [Resource, Attribute], found " + argument);
        }
        return attribute(String.valueOf(list.get(0)), String.valueOf(resolve(list.get(1), where)), where);
    }

    private String attribute(String resource, String attribute, String where) {
        if (!resources.containsKey(resource)) {
            throw new TemplateException(where + ": " + resource + "." + attribute + " names no resource");
        }
        String physical = physicalNames.getOrDefault(resource, resource);
        return switch (attribute) {
            // A function's ARN (or alias) carries its logical id, which is how integrations find their function.
            case "Arn", "Alias" -> "arn:aws:lambda:" + region + ":" + accountId + ":function:" + physical;
            case "Name" -> physical;
            case "StreamArn" -> "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + physical + "/stream/local";
            case "ApiEndpoint" -> "http://localhost";
            case "ApiId" -> resource;
            default ->
                throw new TemplateException(
                        where + ": the gateway does not know attribute " + attribute + " of " + resource);
        };
    }

    private List<String> split(Object argument, String where) {
        if (!(argument instanceof List<?> list) || list.size() != 2) {
            throw new TemplateException(where + ": Fn::Split wants [separator, value], found " + argument);
        }
        String value = string(list.get(1), where);
        return value == null || value.isEmpty()
                ? List.of()
                : List.of(value.split(Pattern.quote(String.valueOf(list.get(0))), -1));
    }

    private String join(Object argument, String where) {
        if (!(argument instanceof List<?> list) || list.size() != 2 || !(list.get(1) instanceof List<?> parts)) {
            throw new TemplateException(where + ": Fn::Join wants [separator, [values]], found " + argument);
        }
        List<String> values = new ArrayList<>();
        for (Object part : parts) {
            values.add(string(part, where));
        }
        return String.join(String.valueOf(list.get(0)), values);
    }
}
