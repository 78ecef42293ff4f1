package org.ibal.gateway.httpapi;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.ibal.gateway.template.HttpApiSpec;

/**
 * The HTTP API's CORS configuration, applied as API Gateway does: the gateway answers preflight
 * requests itself, and on other responses its CORS headers replace any the function returned.
 */
final class Cors {
    private final HttpApiSpec.Cors config;

    Cors(HttpApiSpec.Cors config) {
        this.config = config;
    }

    boolean enabled() {
        return config != null;
    }

    static boolean isPreflight(Request request) {
        return "OPTIONS".equals(request.getMethod())
                && request.getHeaders().get("Origin") != null
                && request.getHeaders().get("Access-Control-Request-Method") != null;
    }

    /** Headers for a preflight answer; none when the origin or method is not allowed. */
    void preflight(Request request, HttpFields.Mutable headers) {
        String origin = request.getHeaders().get("Origin");
        String method = request.getHeaders().get("Access-Control-Request-Method");
        if (!originAllowed(origin) || !listed(config.allowMethods(), method)) {
            return;
        }
        headers.put("Access-Control-Allow-Origin", allowOriginValue(origin));
        headers.put(
                "Access-Control-Allow-Methods",
                config.allowMethods().contains("*") ? method : String.join(",", config.allowMethods()));
        String requested = request.getHeaders().get("Access-Control-Request-Headers");
        if (requested != null && !config.allowHeaders().isEmpty()) {
            headers.put(
                    "Access-Control-Allow-Headers",
                    config.allowHeaders().contains("*") ? requested : String.join(",", config.allowHeaders()));
        }
        if (config.maxAge() != null) {
            headers.put("Access-Control-Max-Age", String.valueOf(config.maxAge()));
        }
        if (config.allowCredentials()) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
    }

    /** Sets the CORS headers of an ordinary response (after removing any the function set). */
    void apply(Request request, HttpFields.Mutable headers) {
        headers.remove("Access-Control-Allow-Origin");
        headers.remove("Access-Control-Allow-Credentials");
        headers.remove("Access-Control-Expose-Headers");
        String origin = request.getHeaders().get("Origin");
        if (origin == null || !originAllowed(origin)) {
            return;
        }
        headers.put("Access-Control-Allow-Origin", allowOriginValue(origin));
        if (config.allowCredentials()) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        if (!config.exposeHeaders().isEmpty()) {
            headers.put("Access-Control-Expose-Headers", String.join(",", config.exposeHeaders()));
        }
    }

    private boolean originAllowed(String origin) {
        return origin != null
                && (config.allowOrigins().contains("*") || config.allowOrigins().contains(origin));
    }

    private String allowOriginValue(String origin) {
        return config.allowOrigins().contains("*") && !config.allowCredentials() ? "*" : origin;
    }

    private static boolean listed(java.util.List<String> allowed, String value) {
        return value != null && (allowed.contains("*") || allowed.stream().anyMatch(a -> a.equalsIgnoreCase(value)));
    }
}
