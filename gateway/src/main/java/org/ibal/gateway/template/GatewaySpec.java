package org.ibal.gateway.template;

import java.util.List;
import java.util.Map;

/** Everything the gateway takes from the template. {@code webSocket} and {@code httpApi} may be null. */
public record GatewaySpec(Map<String, FunctionSpec> functions, WebSocketSpec webSocket, HttpApiSpec httpApi,
    List<TableSpec> tables) {}
