package org.ibal.gateway.template;

import java.util.List;

/** The HTTP API routes (payload format 2.0) and the CORS configuration of their API. */
public record HttpApiSpec(List<Route> routes, Cors cors) {

    /** {@code method} is upper-case or {@code ANY}; {@code path} may hold {@code {name}} and {@code {name+}}. */
    public record Route(String method, String path, String functionId) {
        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }

    public record Cors(
            List<String> allowOrigins,
            List<String> allowMethods,
            List<String> allowHeaders,
            List<String> exposeHeaders,
            Integer maxAge,
            boolean allowCredentials) {}
}
