package org.ibal.functions.template;

import static org.ibal.functions.template.Template.EXECUTE_API_PREFIX;
import static org.ibal.functions.template.Template.glob;
import static org.ibal.functions.template.Template.isRef;
import static org.ibal.functions.template.Template.map;
import static org.ibal.functions.template.Template.subText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two APIs: every WebSocket route through an integration to its function's live alias, with a
 * permission scoped to the route; every HTTP route of docs/protocol.md on the httpApi function.
 */
final class ApiChecks {
    /** WebSocket route key to the Spring Cloud Function definition that must serve it. */
    static final Map<String, String> WEBSOCKET_ROUTES = Template.orderedMap(
            "$connect",
            "connect",
            "$disconnect",
            "disconnect",
            "$default",
            "chat",
            "hello",
            "chat",
            "sendMessage",
            "chat",
            "stop",
            "chat",
            "ping",
            "chat");

    private final Template template;

    ApiChecks(Template template) {
        this.template = template;
    }

    // ------------------------------------------------------------------ WebSocket API

    List<String> webSocketProblems() {
        List<String> problems = new ArrayList<>();
        List<String> apis = template.idsOfType("AWS::ApiGatewayV2::Api").stream()
                .filter(id -> "WEBSOCKET".equals(template.properties(id).get("ProtocolType")))
                .toList();
        if (apis.size() != 1) {
            return List.of("expected one WEBSOCKET AWS::ApiGatewayV2::Api, found " + apis);
        }
        String api = apis.get(0);
        if (!"$request.body.action".equals(template.properties(api).get("RouteSelectionExpression"))) {
            problems.add(api + ": RouteSelectionExpression must be $request.body.action");
        }
        Map<String, String> definitions = template.definitions();
        Map<String, String> routeFunctions = new LinkedHashMap<>();
        List<String> routeIds = new ArrayList<>();
        for (String routeId : template.idsOfType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> route = template.properties(routeId);
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
                problems.add("route " + routeKey + ": no AWS::Lambda::Permission lets " + api + " invoke " + function
                        + "'s live alias on ${StageName}/" + routeKey);
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
        Map<String, Object> props = template.properties(integration);
        if (!"AWS::ApiGatewayV2::Integration"
                        .equals(map(template.resources().get(integration)).get("Type"))
                || !isRef(props.get("ApiId"), api)
                || !"AWS_PROXY".equals(props.get("IntegrationType"))) {
            problems.add(routeId + ": " + integration + " is not an AWS_PROXY integration of " + api);
            return null;
        }
        String uri = subText(props.get("IntegrationUri"));
        Matcher function = Pattern.compile("/functions/\\$\\{(\\w+)\\.(?:Arn}:live|Alias})/invocations$")
                .matcher(uri == null ? "" : uri);
        if (!function.find() || !template.functions().containsKey(function.group(1))) {
            problems.add(integration + ": IntegrationUri must invoke a function's live alias, found " + uri);
            return null;
        }
        return function.group(1);
    }

    private boolean hasInvokePermission(String function, String api, String routeKey) {
        for (String id : template.idsOfType("AWS::Lambda::Permission")) {
            Map<String, Object> props = template.properties(id);
            boolean onAlias = isRef(props.get("FunctionName"), function + ".Alias");
            String source = subText(props.get("SourceArn"));
            String apiPrefix = EXECUTE_API_PREFIX + "${" + api + "}/";
            if (onAlias
                    && "lambda:InvokeFunction".equals(props.get("Action"))
                    && "apigateway.amazonaws.com".equals(props.get("Principal"))
                    && source != null
                    && source.startsWith(apiPrefix)
                    && glob(source.substring(apiPrefix.length()))
                            .matcher("${StageName}/" + routeKey)
                            .matches()) {
                return true;
            }
        }
        return false;
    }

    private List<String> stageProblems(String api, List<String> routeIds) {
        List<String> problems = new ArrayList<>();
        List<String> stages = template.idsOfType("AWS::ApiGatewayV2::Stage").stream()
                .filter(id -> isRef(template.properties(id).get("ApiId"), api))
                .toList();
        if (stages.size() != 1) {
            return List.of(api + ": expected one stage, found " + stages);
        }
        Map<String, Object> stage = template.properties(stages.get(0));
        if (!isRef(stage.get("StageName"), "StageName")) {
            problems.add(stages.get(0) + ": StageName must be !Ref StageName");
        }
        String format = String.valueOf(map(stage.get("AccessLogSettings")).get("Format"));
        if (!format.contains("$context.requestId")
                || format.toLowerCase().contains("querystring")
                || format.contains("$request")) {
            problems.add(stages.get(0) + ": access log format must log $context.requestId and nothing of the"
                    + " query string (tokens ride there): " + format);
        }
        Object deploymentRef = stage.get("DeploymentId");
        String deployment = deploymentRef instanceof Map<?, ?> ref ? String.valueOf(ref.get("Ref")) : null;
        Object dependsOn = deployment == null
                ? null
                : map(template.resources().get(deployment)).get("DependsOn");
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
        template.functions()
                .forEach((id, props) -> map(props.get("Events")).forEach((name, event) -> {
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
        if (!"AWS::Serverless::HttpApi"
                .equals(map(template.resources().get("HttpApi")).get("Type"))) {
            problems.add("no AWS::Serverless::HttpApi named HttpApi");
        }
        Map<String, String> routes = httpRoutes(problems);
        Map<String, String> definitions = template.definitions();
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
}
