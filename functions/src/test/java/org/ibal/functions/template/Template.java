package org.ibal.functions.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.ibal.config.CfnYaml;

/**
 * A parsed template.yaml (long-form intrinsics, see {@link CfnYaml}) with the look-ups the checks share:
 * resources by id and type, the functions and Globals.Function, and readers for !Sub, !Ref and Fn::If.
 */
final class Template {
    /** How every execute-api ARN of this stack begins. */
    static final String EXECUTE_API_PREFIX = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:";

    private final Map<String, Object> root;

    Template(Map<String, Object> root) {
        this.root = root;
    }

    static Template parse(String text) {
        return new Template(CfnYaml.parse(text));
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                functions.put(id, properties(id));
            }
        });
        return functions;
    }

    /** Function logical id to its SPRING_CLOUD_FUNCTION_DEFINITION. */
    Map<String, String> definitions() {
        Map<String, String> definitions = new LinkedHashMap<>();
        functions()
                .forEach((id, props) ->
                        definitions.put(id, (String) variables(props).get("SPRING_CLOUD_FUNCTION_DEFINITION")));
        return definitions;
    }

    Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    Map<String, Object> properties(String id) {
        return map(map(resources().get(id)).get("Properties"));
    }

    Map<String, Object> globalFunction() {
        return map(map(root.get("Globals")).get("Function"));
    }

    static Map<String, Object> variables(Map<String, Object> owner) {
        return map(map(owner.get("Environment")).get("Variables"));
    }

    List<String> idsOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    static List<Map<String, Object>> statements(Map<?, ?> document) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Object value = document.get("Statement");
        for (Object statement : value instanceof List<?> list ? list : List.of(value)) {
            statements.add(map(statement));
        }
        return statements;
    }

    /** Resources, with each Fn::If contributing both branches (either may be deployed). */
    static List<Object> unwrapIfs(Object value) {
        List<Object> out = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            if (item instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
                for (Object branch : branches.subList(1, 3)) {
                    if (!Map.of("Ref", "AWS::NoValue").equals(branch)) {
                        out.addAll(unwrapIfs(branch));
                    }
                }
            } else {
                out.add(item);
            }
        }
        return out;
    }

    static boolean isRef(Object value, String name) {
        return value instanceof Map<?, ?> m && name.equals(m.get("Ref"));
    }

    static boolean isGetAtt(Object value, String resource, String attribute) {
        return value instanceof Map<?, ?> m && List.of(resource, attribute).equals(m.get("Fn::GetAtt"));
    }

    /** The text of a !Sub (or a plain string); null for anything else. */
    static String subText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String s) {
            return s;
        }
        return null;
    }

    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
