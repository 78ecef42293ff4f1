package org.ibal.gateway.template;

import java.util.List;
import java.util.Map;

/**
 * Everything the gateway takes from the template. {@code webSocket} and {@code httpApi} may be null;
 * {@code appHeaders} and {@code apiHeaders} are the response headers policies of the CloudFront distribution's default
 * behaviour (the app) and of its {@code /api/*} behaviour, null when the template has none.
 */
public record GatewaySpec(
        Map<String, FunctionSpec> functions,
        WebSocketSpec webSocket,
        HttpApiSpec httpApi,
        List<TableSpec> tables,
        ResponseHeadersSpec appHeaders,
        ResponseHeadersSpec apiHeaders) {}
