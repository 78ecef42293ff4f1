package org.ibal.gateway.template;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.config.CfnYaml;

/**
 * Reads what a local run needs from a SAM template: functions (with their environment resolved),
 * the WebSocket API and its routes, the HTTP API routes and CORS, and the DynamoDB tables.
 */
public final class SamTemplate {
    private static final Pattern FUNCTION_IN_URI = Pattern.compile("function:([A-Za-z0-9_-]+)");

    private final Path baseDir;
    private final Map<String, Object> resources;
    private final Map<String, Object> globals;
    private final Map<String, String> overrides;
    private final Intrinsics intrinsics;
    private final Map<String, String> physicalNames = new LinkedHashMap<>();

    private SamTemplate(
            Path templateFile,
            Map<String, Object> root,
            Map<String, String> overrides,
            Map<String, String> tableNames,
            String region) {
        this.baseDir = templateFile.toAbsolutePath().getParent();
        this.resources = map(root.get("Resources"), "Resources");
        this.globals = map(root.get("Globals"), "Globals");
        this.overrides = overrides;
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, Object> params = map(root.get("Parameters"), "Parameters");
        for (var entry : params.entrySet()) {
            Object definition =
                    map(entry.getValue(), "Parameters." + entry.getKey()).get("Default");
            String value = definition == null ? null : String.valueOf(definition);
            String name = entry.getKey();
            if (overrides.containsKey(name)) {
                value = overrides.get(name);
            } else if (overrides.containsKey(upperSnake(name))) {
                value = overrides.get(upperSnake(name));
            }
            parameters.put(name, value);
        }
        this.intrinsics = new Intrinsics(parameters, resources, physicalNames, region, "000000000000", "ibal-local");
        for (var entry : resources.entrySet()) {
            if ("AWS::DynamoDB::Table".equals(type(entry.getKey()))) {
                physicalNames.put(entry.getKey(), tableNames.getOrDefault(entry.getKey(), entry.getKey()));
            }
        }
        for (var entry : resources.entrySet()) {
            Object explicit = properties(entry.getKey())
                    .get(
                            switch (type(entry.getKey())) {
                                case "AWS::DynamoDB::Table" -> "TableName";
                                case "AWS::Serverless::Function" -> "FunctionName";
                                default -> "-";
                            });
            if (explicit != null && !tableNames.containsKey(entry.getKey())) {
                physicalNames.put(entry.getKey(), intrinsics.string(explicit, entry.getKey() + ".Name"));
            }
        }
    }

    /**
     * A parameter's name as an environment variable: {@code AllowedOrigins} → {@code ALLOWED_ORIGINS},
     * {@code LoginAttemptsPer15Minutes} → {@code LOGIN_ATTEMPTS_PER_15_MINUTES}.
     */
    static String upperSnake(String parameter) {
        return parameter
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("([A-Za-z])([0-9])", "$1_$2")
                .toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Reads {@code templateFile}. {@code overrides} replace parameter defaults (by parameter name, or that name in
     * UPPER_SNAKE_CASE, e.g. {@code ALLOWED_ORIGINS} for {@code AllowedOrigins}) and function environment values (by
     * variable name); {@code tableNames} name tables by logical id.
     */
    public static GatewaySpec load(
            Path templateFile, Map<String, String> overrides, Map<String, String> tableNames, String region)
            throws IOException {
        Map<String, Object> root;
        try {
            root = CfnYaml.load(templateFile);
        } catch (IllegalArgumentException notAMapping) {
            throw new TemplateException(templateFile + " is not a YAML mapping");
        }
        return new SamTemplate(templateFile, root, overrides, tableNames, region).spec();
    }

    private GatewaySpec spec() {
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        List<TableSpec> tables = new ArrayList<>();
        for (String id : resources.keySet()) {
            switch (type(id)) {
                case "AWS::Serverless::Function" -> functions.put(id, function(id));
                case "AWS::DynamoDB::Table" -> tables.add(new TableSpec(id, physicalNames.get(id), properties(id)));
                default -> {}
            }
        }
        CloudFrontHeaders headers = new CloudFrontHeaders(resources, intrinsics);
        return new GatewaySpec(
                functions, webSocket(functions), httpApi(functions), tables, headers.app(), headers.api());
    }

    private FunctionSpec function(String id) {
        Map<String, Object> props = properties(id);
        Map<String, Object> global = map(globals.get("Function"), "Globals.Function");
        Object codeUri = props.getOrDefault("CodeUri", global.get("CodeUri"));
        Object handler = props.getOrDefault("Handler", global.get("Handler"));
        if (codeUri == null || handler == null) {
            throw new TemplateException(id + ": needs CodeUri and Handler (in the function or Globals.Function)");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.putAll(variables(global, "Globals.Function"));
        environment.putAll(variables(props, id));
        environment.replaceAll((name, value) -> overrides.getOrDefault(name, value));
        Object timeout = props.getOrDefault("Timeout", global.getOrDefault("Timeout", 3));
        Object memory = props.getOrDefault("MemorySize", global.getOrDefault("MemorySize", 128));
        return new FunctionSpec(
                id,
                baseDir.resolve(intrinsics.string(codeUri, id + ".CodeUri")).normalize(),
                intrinsics.string(handler, id + ".Handler"),
                environment,
                Duration.ofSeconds(Long.parseLong(intrinsics.string(timeout, id + ".Timeout"))),
                Integer.parseInt(intrinsics.string(memory, id + ".MemorySize")));
    }

    private Map<String, String> variables(Map<String, Object> owner, String where) {
        Map<String, Object> environment = map(owner.get("Environment"), where + ".Environment");
        Map<String, Object> variables = map(environment.get("Variables"), where + ".Environment.Variables");
        Map<String, String> resolved = new LinkedHashMap<>();
        for (var entry : variables.entrySet()) {
            String value = intrinsics.string(entry.getValue(), where + ".Environment.Variables." + entry.getKey());
            resolved.put(entry.getKey(), value == null ? "" : value);
        }
        return resolved;
    }

    private WebSocketSpec webSocket(Map<String, FunctionSpec> functions) {
        List<String> apis = resources.keySet().stream()
                .filter(id -> "AWS::ApiGatewayV2::Api".equals(type(id)))
                .filter(id ->
                        "WEBSOCKET".equals(intrinsics.string(properties(id).get("ProtocolType"), id + ".ProtocolType")))
                .toList();
        if (apis.isEmpty()) {
            return null;
        }
        if (apis.size() > 1) {
            throw new TemplateException(
                    "the template declares " + apis.size() + " WebSocket APIs " + apis + "; the gateway serves one");
        }
        String api = apis.get(0);
        String expression =
                intrinsics.string(properties(api).get("RouteSelectionExpression"), api + ".RouteSelectionExpression");
        String stage = null;
        Map<String, WebSocketSpec.Route> routes = new LinkedHashMap<>();
        for (String id : resources.keySet()) {
            Map<String, Object> props = properties(id);
            if (!api.equals(String.valueOf(intrinsics.resolve(props.get("ApiId"), id + ".ApiId")))) {
                continue;
            }
            switch (type(id)) {
                case "AWS::ApiGatewayV2::Stage" -> stage = intrinsics.string(props.get("StageName"), id + ".StageName");
                case "AWS::ApiGatewayV2::Route" -> {
                    String routeKey = intrinsics.string(props.get("RouteKey"), id + ".RouteKey");
                    String target = intrinsics.string(props.get("Target"), id + ".Target");
                    if (target == null || !target.startsWith("integrations/")) {
                        throw new TemplateException(
                                id + ": Target must be integrations/<IntegrationId>, found " + target);
                    }
                    String functionId = integrationFunction(target.substring("integrations/".length()), functions, id);
                    routes.put(routeKey, new WebSocketSpec.Route(routeKey, functionId, hasRouteResponse(id)));
                }
                default -> {}
            }
        }
        if (stage == null) {
            throw new TemplateException(api + ": no AWS::ApiGatewayV2::Stage names a StageName for this API");
        }
        if (expression == null) {
            throw new TemplateException(api + ": RouteSelectionExpression is missing");
        }
        return new WebSocketSpec(api, expression, stage, routes);
    }

    private String integrationFunction(String integrationId, Map<String, FunctionSpec> functions, String routeId) {
        if (!"AWS::ApiGatewayV2::Integration".equals(type(integrationId))) {
            throw new TemplateException(
                    routeId + ": its target " + integrationId + " is not an AWS::ApiGatewayV2::Integration");
        }
        Map<String, Object> props = properties(integrationId);
        String integrationType = intrinsics.string(props.get("IntegrationType"), integrationId + ".IntegrationType");
        if (!"AWS_PROXY".equals(integrationType)) {
            throw new TemplateException(integrationId + ": IntegrationType " + integrationType
                    + " is not supported; the gateway runs Lambda proxy integrations (AWS_PROXY)");
        }
        String uri = intrinsics.string(props.get("IntegrationUri"), integrationId + ".IntegrationUri");
        Matcher matcher = FUNCTION_IN_URI.matcher(uri == null ? "" : uri);
        if (matcher.find()) {
            String physical = matcher.group(1);
            for (String id : functions.keySet()) {
                if (physicalNames.getOrDefault(id, id).equals(physical)) {
                    return id;
                }
            }
        }
        throw new TemplateException(integrationId + ": IntegrationUri " + uri + " names no function of this template");
    }

    private boolean hasRouteResponse(String routeId) {
        return resources.keySet().stream()
                .filter(id -> "AWS::ApiGatewayV2::RouteResponse".equals(type(id)))
                .anyMatch(id -> routeId.equals(
                        String.valueOf(intrinsics.resolve(properties(id).get("RouteId"), id + ".RouteId"))));
    }

    private HttpApiSpec httpApi(Map<String, FunctionSpec> functions) {
        List<HttpApiSpec.Route> routes = new ArrayList<>();
        for (String functionId : functions.keySet()) {
            Map<String, Object> events = map(properties(functionId).get("Events"), functionId + ".Events");
            for (var event : events.entrySet()) {
                Map<String, Object> definition = map(event.getValue(), functionId + ".Events." + event.getKey());
                if (!"HttpApi".equals(definition.get("Type"))) {
                    continue;
                }
                String where = functionId + ".Events." + event.getKey();
                Map<String, Object> props = map(definition.get("Properties"), where + ".Properties");
                Object version = props.get("PayloadFormatVersion");
                if (version != null && !"2.0".equals(intrinsics.string(version, where))) {
                    throw new TemplateException(
                            where + ": PayloadFormatVersion " + version + " is not supported; use 2.0");
                }
                String path =
                        props.containsKey("Path") ? intrinsics.string(props.get("Path"), where + ".Path") : "$default";
                String method =
                        props.containsKey("Method") ? intrinsics.string(props.get("Method"), where + ".Method") : "ANY";
                routes.add(new HttpApiSpec.Route(method.toUpperCase(java.util.Locale.ROOT), path, functionId));
            }
        }
        if (routes.isEmpty()) {
            return null;
        }
        return new HttpApiSpec(routes, cors());
    }

    private HttpApiSpec.Cors cors() {
        Object configuration = null;
        for (String id : resources.keySet()) {
            if ("AWS::Serverless::HttpApi".equals(type(id)) && properties(id).containsKey("CorsConfiguration")) {
                configuration = properties(id).get("CorsConfiguration");
            }
        }
        if (configuration == null) {
            configuration = map(globals.get("HttpApi"), "Globals.HttpApi").get("CorsConfiguration");
        }
        if (configuration == null) {
            configuration = openApiCors();
        }
        if (configuration == null || Boolean.FALSE.equals(configuration)) {
            return null;
        }
        if (Boolean.TRUE.equals(configuration)) {
            return new HttpApiSpec.Cors(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false);
        }
        Map<String, Object> cors = map(configuration, "CorsConfiguration");
        Object maxAge = cors.get("MaxAge");
        return new HttpApiSpec.Cors(
                strings(cors.get("AllowOrigins")),
                strings(cors.get("AllowMethods")),
                strings(cors.get("AllowHeaders")),
                strings(cors.get("ExposeHeaders")),
                maxAge == null ? null : Integer.valueOf(intrinsics.string(maxAge, "CorsConfiguration.MaxAge")),
                Boolean.parseBoolean(String.valueOf(cors.getOrDefault("AllowCredentials", "false"))));
    }

    /**
     * CORS given in an OpenAPI body ({@code x-amazon-apigateway-cors}, camelCase keys), as templates do
     * when the origins come from a parameter; mapped to CorsConfiguration's names.
     */
    private Map<String, Object> openApiCors() {
        for (String id : resources.keySet()) {
            if ("AWS::Serverless::HttpApi".equals(type(id))) {
                Map<String, Object> body = map(properties(id).get("DefinitionBody"), id + ".DefinitionBody");
                Map<String, Object> cors = map(body.get("x-amazon-apigateway-cors"), id + ".x-amazon-apigateway-cors");
                if (!cors.isEmpty()) {
                    Map<String, Object> mapped = new LinkedHashMap<>();
                    cors.forEach(
                            (key, value) -> mapped.put(Character.toUpperCase(key.charAt(0)) + key.substring(1), value));
                    return mapped;
                }
            }
        }
        return null;
    }

    private List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        Object resolved = intrinsics.resolve(value, "CorsConfiguration");
        if (resolved instanceof List<?> list) {
            return list.stream()
                    .map(item -> intrinsics.string(item, "CorsConfiguration"))
                    .toList();
        }
        return List.of(String.valueOf(resolved));
    }

    private String type(String id) {
        return String.valueOf(map(resources.get(id), id).get("Type"));
    }

    private Map<String, Object> properties(String id) {
        return map(map(resources.get(id), id).get("Properties"), id + ".Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new TemplateException(where + ": expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }
}
