package org.ibal.gateway.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.ibal.gateway.template.ResponseHeadersSpec;

/**
 * The headers CloudFront adds on AWS, added here: the template's response headers policies (its distribution's
 * default behaviour for the app, its {@code /api/*} behaviour for the HTTP API), read with the parameters resolved, so
 * both deployments agree by construction. {@code Strict-Transport-Security} only goes out over https (directly, or as
 * a trusted proxy says); CloudFront serves https only.
 *
 * <p>One difference by design: where the CSP's {@code connect-src} names the {@code execute-api} hosts (on AWS the
 * APIs have their own domains), it names {@code 'self'} here, since the gateway serves the APIs on the app's origin.
 */
public final class SecurityHeaders {
    private final Policy app;
    private final Policy api;
    private final TrustedProxies proxies;

    private record Policy(Map<String, String> headers, String strictTransportSecurity) {}

    public SecurityHeaders(ResponseHeadersSpec app, ResponseHeadersSpec api, TrustedProxies proxies) {
        this.app = policy(app);
        this.api = policy(api);
        this.proxies = proxies;
    }

    /** Headers for the app's files (and {@code /config.json}). */
    public void applyToApp(Request request, Response response) {
        apply(app, request, response);
    }

    /** Headers for the HTTP API's answers (a function's own header of the same name still wins). */
    public void applyToApi(Request request, Response response) {
        apply(api, request, response);
    }

    private void apply(Policy policy, Request request, Response response) {
        if (policy == null) {
            return;
        }
        policy.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (policy.strictTransportSecurity() != null
                && Forwarding.of(request, proxies).https()) {
            response.getHeaders().put("Strict-Transport-Security", policy.strictTransportSecurity());
        }
    }

    private static Policy policy(ResponseHeadersSpec spec) {
        if (spec == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        headers.computeIfPresent("Content-Security-Policy", (name, csp) -> sameOriginApis(csp));
        return new Policy(Map.copyOf(headers), spec.strictTransportSecurity());
    }

    /** {@code connect-src} with the execute-api hosts replaced by {@code 'self'}. */
    static String sameOriginApis(String csp) {
        List<String> directives = new ArrayList<>();
        for (String directive : csp.split(";")) {
            String trimmed = directive.strip();
            if (!trimmed.startsWith("connect-src")) {
                directives.add(trimmed);
                continue;
            }
            List<String> sources = new ArrayList<>();
            sources.add("connect-src");
            for (String source :
                    trimmed.substring("connect-src".length()).strip().split("\\s+")) {
                if (!source.isEmpty() && !source.contains(".execute-api.") && !source.equals("'self'")) {
                    sources.add(source);
                }
            }
            sources.add(1, "'self'");
            directives.add(String.join(" ", sources));
        }
        return String.join("; ", directives.stream().filter(d -> !d.isEmpty()).toList());
    }
}
