package org.ibal.functions.template;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What template.yaml promises the rest of IBAL, as checks that list every problem they find (an
 * empty list means the template keeps the promise). Kept apart from the JUnit class so a test can
 * run them on a deliberately broken copy and see them fail.
 */
final class TemplateChecks {
    static final String JAR = "functions/target/ibal-functions.jar";
    static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    /** The environment every function gets (docs: the fixed contract with functions/ and gateway/). */
    static final List<String> CONTRACT_ENV = List.of("MAIN_CLASS", "TABLE_NAME", "JWT_ISSUER", "JWT_AUDIENCE",
            "JWT_SIGNING_KEY_PARAMETER", "ACCESS_TOKEN_TTL_SECONDS", "REFRESH_TOKEN_TTL_SECONDS", "MESSAGE_MAX_CHARS",
            "MESSAGE_RATE_PER_MINUTE", "DAILY_MESSAGE_QUOTA", "CONNECT_RATE_PER_MINUTE",
            "CONNECT_RATE_PER_IP_PER_MINUTE", "LOGIN_ATTEMPTS_PER_15_MINUTES", "MODEL_PROVIDER", "DEMO_MODEL_DELAY_MS",
            "FLOWISE_URL", "FLOWISE_CHATFLOW_ID", "FLOWISE_API_KEY_PARAMETER", "FLOWISE_TIMEOUT",
            "FLOWISE_MAX_RETRIES", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_API_KEY_PARAMETER", "OPENEDX_LMS_URL",
            "OPENEDX_CLIENT_ID", "OPENEDX_CLIENT_SECRET_PARAMETER", "OPENEDX_JWT_ISSUER", "OPENEDX_JWT_AUDIENCE",
            "OPENEDX_JWK_SET", "LMS_ASSERTION_PUBLIC_JWK", "LMS_ASSERTION_ISSUER", "ALLOWED_ORIGINS");

    /** WebSocket route key to the Spring Cloud Function definition that must serve it. */
    static final Map<String, String> WEBSOCKET_ROUTES = orderedMap("$connect", "connect", "$disconnect", "disconnect",
            "$default", "chat", "hello", "chat", "sendMessage", "chat", "stop", "chat", "ping", "chat");

    private static final String EXECUTE_API_PREFIX =
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:";

    private final Map<String, Object> root;

    TemplateChecks(Map<String, Object> root) {
        this.root = root;
    }

    // ------------------------------------------------------------------ functions

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
        functions().forEach((id, props) -> definitions.put(id,
                (String) variables(props).get("SPRING_CLOUD_FUNCTION_DEFINITION")));
        return definitions;
    }

    List<String> handlerProblems() {
        List<String> problems = new ArrayList<>();
        functions().forEach((id, props) -> {
            Object codeUri = props.getOrDefault("CodeUri", globalFunction().get("CodeUri"));
            if (!JAR.equals(codeUri)) {
                problems.add(id + ": CodeUri is " + codeUri + ", not the deployment jar " + JAR);
            }
            Object handler = props.getOrDefault("Handler", globalFunction().get("Handler"));
            if (!(handler instanceof String text) || !text.contains("::")) {
                problems.add(id + ": Handler " + handler + " is not Class::method");
                return;
            }
            String className = text.substring(0, text.indexOf("::"));
            String method = text.substring(text.indexOf("::") + 2);
            try {
                Class<?> type = Class.forName(className, false, TemplateChecks.class.getClassLoader());
                type.getMethod(method, InputStream.class, OutputStream.class,
                        com.amazonaws.services.lambda.runtime.Context.class);
            } catch (ClassNotFoundException e) {
                problems.add(id + ": handler class " + className + " is not on the functions classpath");
            } catch (NoSuchMethodException e) {
                problems.add(id + ": " + className + " has no " + method + "(InputStream, OutputStream, Context)");
            }
        });
        return problems;
    }

    List<String> definitionProblems(Set<String> registered) {
        List<String> problems = new ArrayList<>();
        definitions().forEach((id, definition) -> {
            if (definition == null) {
                problems.add(id + ": no SPRING_CLOUD_FUNCTION_DEFINITION in its Environment");
            } else if (!registered.contains(definition)) {
                problems.add(id + ": SPRING_CLOUD_FUNCTION_DEFINITION " + definition
                        + " names no function IbalFunctions registers " + registered);
            }
        });
        return problems;
    }

    /**
     * Integrations target the `live` alias, so every function must publish versions with SnapStart, and
     * must publish a new one when only a parameter changes (SAM would not: see ConfigRevision).
     */
    List<String> publishingProblems() {
        List<String> problems = new ArrayList<>();
        functions().forEach((id, props) -> {
            Object alias = props.getOrDefault("AutoPublishAlias", globalFunction().get("AutoPublishAlias"));
            Object snapStart = props.getOrDefault("SnapStart", globalFunction().get("SnapStart"));
            Object runtime = props.getOrDefault("Runtime", globalFunction().get("Runtime"));
            if (!"live".equals(alias)) {
                problems.add(id + ": AutoPublishAlias must be live, found " + alias);
            }
            if (!Map.of("ApplyOn", "PublishedVersions").equals(snapStart)) {
                problems.add(id + ": SnapStart must apply on published versions, found " + snapStart);
            }
            if (!"java21".equals(runtime)) {
                problems.add(id + ": Runtime must be java21, found " + runtime);
            }
            String description = subText(props.get("VersionDescription"));
            if (description == null || !description.contains("${ConfigRevision}")) {
                problems.add(id + ": VersionDescription must carry ${ConfigRevision}, or changed parameters"
                        + " never reach the live alias");
            }
        });
        return problems;
    }

    // ------------------------------------------------------------------ environment

    List<String> environmentProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> global = variables(globalFunction());
        if (!new LinkedHashSet<>(global.keySet()).equals(new LinkedHashSet<>(CONTRACT_ENV))) {
            Set<String> missing = new TreeSet<>(CONTRACT_ENV);
            missing.removeAll(global.keySet());
            Set<String> extra = new TreeSet<>(global.keySet());
            CONTRACT_ENV.forEach(extra::remove);
            problems.add("Globals environment differs from the contract: missing " + missing + ", extra " + extra);
        }
        if (!"org.ibal.functions.IbalFunctions".equals(global.get("MAIN_CLASS"))) {
            problems.add("MAIN_CLASS is " + global.get("MAIN_CLASS"));
        }
        if (!Map.of("Ref", "ChatTable").equals(global.get("TABLE_NAME"))) {
            problems.add("TABLE_NAME is not !Ref ChatTable: " + global.get("TABLE_NAME"));
        }
        Map<String, Object> parameters = map(root.get("Parameters"));
        global.forEach((name, value) -> {
            if (name.equals("MAIN_CLASS") || name.equals("TABLE_NAME")) {
                return;
            }
            if (!(value instanceof Map<?, ?> ref) || !(ref.get("Ref") instanceof String parameter)
                    || !parameters.containsKey(parameter)) {
                problems.add(name + " is not a !Ref to a template parameter: " + value);
            } else if (!map(parameters.get(parameter)).containsKey("Default")) {
                problems.add(name + ": parameter " + parameter + " has no Default, so a local run has no value");
            }
        });
        functions().forEach((id, props) -> {
            Set<String> own = variables(props).keySet();
            if (!own.equals(Set.of("SPRING_CLOUD_FUNCTION_DEFINITION"))) {
                problems.add(id + ": only SPRING_CLOUD_FUNCTION_DEFINITION may differ per function, found " + own);
            }
        });
        return problems;
    }

    /** Environment names the functions' sources read that the template does not set. */
    List<String> unsetVariables(Set<String> readBySources, Set<String> providedElsewhere) {
        Set<String> set = new TreeSet<>(variables(globalFunction()).keySet());
        set.add("SPRING_CLOUD_FUNCTION_DEFINITION");
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(readBySources)) {
            if (!set.contains(name) && !providedElsewhere.contains(name) && !name.startsWith("AWS_")) {
                problems.add("the functions read " + name + " but the template does not set it");
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ WebSocket API

    List<String> webSocketProblems() {
        List<String> problems = new ArrayList<>();
        List<String> apis = idsOfType("AWS::ApiGatewayV2::Api").stream()
                .filter(id -> "WEBSOCKET".equals(properties(id).get("ProtocolType"))).toList();
        if (apis.size() != 1) {
            return List.of("expected one WEBSOCKET AWS::ApiGatewayV2::Api, found " + apis);
        }
        String api = apis.get(0);
        if (!"$request.body.action".equals(properties(api).get("RouteSelectionExpression"))) {
            problems.add(api + ": RouteSelectionExpression must be $request.body.action");
        }
        Map<String, String> definitions = definitions();
        Map<String, String> routeFunctions = new LinkedHashMap<>();
        List<String> routeIds = new ArrayList<>();
        for (String routeId : idsOfType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> route = properties(routeId);
            if (!isRef(route.get("ApiId"), api)) {
                continue;
            }
            routeIds.add(routeId);
            String routeKey = String.valueOf(route.get("RouteKey"));
            String function = integrationFunction(routeId, route.get("Target"), api, problems);
            if (function == null) {
                continue;
            }
            routeFunctions.put(routeKey, function);
            String expected = WEBSOCKET_ROUTES.get(routeKey);
            if (expected != null && !expected.equals(definitions.get(function))) {
                problems.add("route " + routeKey + " reaches " + function + " (" + definitions.get(function)
                        + "), not the " + expected + " function");
            }
            if (!hasInvokePermission(function, api, routeKey)) {
                problems.add("route " + routeKey + ": no AWS::Lambda::Permission lets " + api + " invoke "
                        + function + "'s live alias on ${StageName}/" + routeKey);
            }
        }
        for (String routeKey : WEBSOCKET_ROUTES.keySet()) {
            if (!routeFunctions.containsKey(routeKey)) {
                problems.add("no route " + routeKey + " on " + api);
            }
        }
        problems.addAll(stageProblems(api, routeIds));
        return problems;
    }

    private String integrationFunction(String routeId, Object target, String api, List<String> problems) {
        String text = subText(target);
        Matcher matcher = Pattern.compile("^integrations/\\$\\{(\\w+)}$").matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            problems.add(routeId + ": Target must be !Sub integrations/${Integration}, found " + target);
            return null;
        }
        String integration = matcher.group(1);
        Map<String, Object> props = properties(integration);
        if (!"AWS::ApiGatewayV2::Integration".equals(map(resources().get(integration)).get("Type"))
                || !isRef(props.get("ApiId"), api) || !"AWS_PROXY".equals(props.get("IntegrationType"))) {
            problems.add(routeId + ": " + integration + " is not an AWS_PROXY integration of " + api);
            return null;
        }
        String uri = subText(props.get("IntegrationUri"));
        Matcher function = Pattern.compile("/functions/\\$\\{(\\w+)\\.(?:Arn}:live|Alias})/invocations$")
                .matcher(uri == null ? "" : uri);
        if (!function.find() || !functions().containsKey(function.group(1))) {
            problems.add(integration + ": IntegrationUri must invoke a function's live alias, found " + uri);
            return null;
        }
        return function.group(1);
    }

    private boolean hasInvokePermission(String function, String api, String routeKey) {
        for (String id : idsOfType("AWS::Lambda::Permission")) {
            Map<String, Object> props = properties(id);
            boolean onAlias = isRef(props.get("FunctionName"), function + ".Alias");
            String source = subText(props.get("SourceArn"));
            String apiPrefix = EXECUTE_API_PREFIX + "${" + api + "}/";
            if (onAlias && "lambda:InvokeFunction".equals(props.get("Action"))
                    && "apigateway.amazonaws.com".equals(props.get("Principal"))
                    && source != null && source.startsWith(apiPrefix)
                    && glob(source.substring(apiPrefix.length())).matcher("${StageName}/" + routeKey).matches()) {
                return true;
            }
        }
        return false;
    }

    private List<String> stageProblems(String api, List<String> routeIds) {
        List<String> problems = new ArrayList<>();
        List<String> stages = idsOfType("AWS::ApiGatewayV2::Stage").stream()
                .filter(id -> isRef(properties(id).get("ApiId"), api)).toList();
        if (stages.size() != 1) {
            return List.of(api + ": expected one stage, found " + stages);
        }
        Map<String, Object> stage = properties(stages.get(0));
        if (!isRef(stage.get("StageName"), "StageName")) {
            problems.add(stages.get(0) + ": StageName must be !Ref StageName");
        }
        String format = String.valueOf(map(stage.get("AccessLogSettings")).get("Format"));
        if (!format.contains("$context.requestId") || format.toLowerCase().contains("querystring")
                || format.contains("$request")) {
            problems.add(stages.get(0) + ": access log format must log $context.requestId and nothing of the"
                    + " query string (tokens ride there): " + format);
        }
        Object deploymentRef = stage.get("DeploymentId");
        String deployment = deploymentRef instanceof Map<?, ?> ref ? String.valueOf(ref.get("Ref")) : null;
        Object dependsOn = deployment == null ? null : map(resources().get(deployment)).get("DependsOn");
        List<?> depends = dependsOn instanceof List<?> list ? list : dependsOn == null ? List.of() : List.of(dependsOn);
        for (String route : routeIds) {
            if (!depends.contains(route)) {
                problems.add("deployment " + deployment + " does not depend on route " + route
                        + " and may snapshot the API without it");
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ HTTP API

    /** "METHOD /path" to the function serving it, for HttpApi events on the HttpApi resource. */
    Map<String, String> httpRoutes(List<String> problems) {
        Map<String, String> routes = new LinkedHashMap<>();
        functions().forEach((id, props) -> map(props.get("Events")).forEach((name, event) -> {
            Map<String, Object> definition = map(event);
            if (!"HttpApi".equals(definition.get("Type"))) {
                return;
            }
            Map<String, Object> eventProps = map(definition.get("Properties"));
            if (!isRef(eventProps.get("ApiId"), "HttpApi")) {
                problems.add(id + "." + name + ": not attached to the HttpApi resource");
            }
            if (!"2.0".equals(String.valueOf(eventProps.get("PayloadFormatVersion")))) {
                problems.add(id + "." + name + ": PayloadFormatVersion must be 2.0");
            }
            String route = eventProps.get("Method") + " " + eventProps.get("Path");
            if (routes.put(route, id) != null) {
                problems.add(route + " is declared twice");
            }
        }));
        return routes;
    }

    List<String> httpApiProblems(Set<String> documentedRoutes) {
        List<String> problems = new ArrayList<>();
        if (!"AWS::Serverless::HttpApi".equals(map(resources().get("HttpApi")).get("Type"))) {
            problems.add("no AWS::Serverless::HttpApi named HttpApi");
        }
        Map<String, String> routes = httpRoutes(problems);
        Map<String, String> definitions = definitions();
        routes.forEach((route, function) -> {
            if (!"httpApi".equals(definitions.get(function))) {
                problems.add(route + " reaches " + function + ", not the httpApi function");
            }
        });
        for (String route : documentedRoutes) {
            if (!routes.containsKey(route)) {
                problems.add(route + " is in docs/protocol.md but no function serves it");
            }
        }
        for (String route : routes.keySet()) {
            if (!documentedRoutes.contains(route)) {
                problems.add(route + " is served but not documented in docs/protocol.md");
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ IAM

    List<String> iamProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> parameters = map(root.get("Parameters")).keySet();
        functions().forEach((id, props) -> {
            Object policies = props.get("Policies");
            if (policies == null) {
                return;
            }
            if (!(policies instanceof List<?> list)) {
                problems.add(id + ": Policies must be a list of policy documents, found " + policies);
                return;
            }
            for (Object policy : list) {
                if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                    problems.add(id + ": only inline policy documents are allowed (no managed policy"
                            + " templates whose resources are not listed here): " + policy);
                    continue;
                }
                statements(document).forEach(s -> problems.addAll(statementProblems(id, s, parameters)));
            }
        });
        for (String id : idsOfType("AWS::IAM::Policy")) {
            statements(map(properties(id).get("PolicyDocument")))
                    .forEach(s -> problems.addAll(statementProblems(id, s, parameters)));
        }
        return problems;
    }

    private List<String> statementProblems(String owner, Map<String, Object> statement, Set<String> parameters) {
        List<String> problems = new ArrayList<>();
        if (!"Allow".equals(statement.get("Effect"))) {
            return problems;
        }
        List<String> actions = strings(statement.get("Action"));
        List<Object> resources = unwrapIfs(statement.get("Resource"));
        for (String action : actions) {
            if (action.contains("*")) {
                problems.add(owner + ": wildcard action " + action);
            }
        }
        for (Object resource : resources) {
            String text = resource instanceof String s ? s : subText(resource);
            String where = owner + " " + actions + " on " + resource;
            if ("*".equals(text)) {
                problems.add(where + ": resource *");
                continue;
            }
            for (String action : actions) {
                String service = action.substring(0, action.indexOf(':'));
                switch (service) {
                    case "dynamodb" -> {
                        if (!isGetAtt(resource, "ChatTable", "Arn")
                                && !"${ChatTable.Arn}/index/*".equals(text) && !"${ChatTable.Arn}/index/gsi1".equals(text)) {
                            problems.add(where + ": DynamoDB access beyond ChatTable and its indexes");
                        }
                    }
                    case "execute-api" -> {
                        if (text == null || !text.matches(Pattern.quote(EXECUTE_API_PREFIX)
                                + "\\$\\{WebSocketApi}/\\$\\{StageName}/(POST|GET|DELETE)/@connections/\\*")) {
                            problems.add(where + ": ManageConnections beyond this API's stage @connections");
                        }
                    }
                    case "ssm" -> {
                        Matcher m = Pattern.compile("^arn:\\$\\{AWS::Partition}:ssm:\\$\\{AWS::Region}:"
                                + "\\$\\{AWS::AccountId}:parameter\\$\\{(\\w+)}$").matcher(text == null ? "" : text);
                        if (!m.matches() || !parameters.contains(m.group(1))) {
                            problems.add(where + ": SSM access must name one parameter given by a template parameter");
                        }
                    }
                    case "kms" -> {
                        Object via = map(map(statement.get("Condition")).get("StringEquals")).get("kms:ViaService");
                        if (!"ssm.${AWS::Region}.amazonaws.com".equals(subText(via))) {
                            problems.add(where + ": KMS decrypt only through SSM (kms:ViaService condition)");
                        }
                    }
                    case "lambda" -> {
                        Matcher m = Pattern.compile("^\\$\\{(\\w+)\\.Arn}(:live)?$").matcher(text == null ? "" : text);
                        if (!m.matches() || !functions().containsKey(m.group(1))) {
                            problems.add(where + ": Lambda invoke beyond this template's functions");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ helpers

    Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    Map<String, Object> properties(String id) {
        return map(map(resources().get(id)).get("Properties"));
    }

    private Map<String, Object> globalFunction() {
        return map(map(root.get("Globals")).get("Function"));
    }

    private static Map<String, Object> variables(Map<String, Object> owner) {
        return map(map(owner.get("Environment")).get("Variables"));
    }

    private List<String> idsOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static List<Map<String, Object>> statements(Map<?, ?> document) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Object value = document.get("Statement");
        for (Object statement : value instanceof List<?> list ? list : List.of(value)) {
            statements.add(map(statement));
        }
        return statements;
    }

    /** Resources, with each Fn::If contributing both branches (either may be deployed). */
    private static List<Object> unwrapIfs(Object value) {
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

    private static boolean isRef(Object value, String name) {
        return value instanceof Map<?, ?> m && name.equals(m.get("Ref"));
    }

    private static boolean isGetAtt(Object value, String resource, String attribute) {
        return value instanceof Map<?, ?> m && List.of(resource, attribute).equals(m.get("Fn::GetAtt"));
    }

    /** The text of a !Sub (or a plain string); null for anything else. */
    private static String subText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String s) {
            return s;
        }
        return null;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> strings(Object value) {
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

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
