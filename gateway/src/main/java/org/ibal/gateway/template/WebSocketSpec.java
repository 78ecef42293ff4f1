package org.ibal.gateway.template;

import java.util.Map;

/**
 * A WebSocket API: its route selection expression, the stage it is served under, and each route key's
 * target function. {@code relayResponse} is set when the route has an {@code AWS::ApiGatewayV2::RouteResponse}.
 */
public record WebSocketSpec(String apiId, String routeSelectionExpression, String stage, Map<String, Route> routes) {

    public record Route(String routeKey, String functionId, boolean relayResponse) {}
}
