package org.ibal.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.ibal.gateway.Json;
import org.ibal.gateway.template.WebSocketSpec;

/**
 * Evaluates the API's route selection expression ({@code $request.body.<path>}, also written
 * {@code ${request.body.<path>}}) against a message and picks its route: the matching route key, else
 * {@code $default}, else none (API Gateway then answers "Forbidden").
 */
final class RouteSelector {
    private final String[] path;
    private final Map<String, WebSocketSpec.Route> routes;

    RouteSelector(String expression, Map<String, WebSocketSpec.Route> routes) {
        String body = expression.trim();
        if (body.startsWith("${") && body.endsWith("}")) {
            body = "$" + body.substring(2, body.length() - 1);
        }
        if (!body.startsWith("$request.body.")) {
            throw new IllegalArgumentException("route selection expression " + expression
                    + " is not supported; the gateway evaluates $request.body.<path>");
        }
        this.path = body.substring("$request.body.".length()).split("\\.");
        this.routes = routes;
    }

    /** The route for {@code message}, or null when nothing matches and there is no $default. */
    WebSocketSpec.Route select(String message) {
        String key = evaluate(message);
        WebSocketSpec.Route route = key == null ? null : routes.get(key);
        if (route == null || key.startsWith("$")) {
            route = routes.get("$default");
        }
        return route;
    }

    private String evaluate(String message) {
        JsonNode node = Json.parseOrNull(message);
        for (String segment : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(segment);
        }
        return node == null || node.isContainerNode() || node.isNull() ? null : node.asText();
    }
}
