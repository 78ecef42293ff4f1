package org.ibal.gateway.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ibal.gateway.Ids;
import org.ibal.gateway.Json;
import org.ibal.gateway.lambda.FunctionRuntime;
import org.ibal.gateway.lambda.Outcome;
import org.ibal.gateway.template.HttpApiSpec;
import org.ibal.gateway.web.Forwarding;
import org.ibal.gateway.web.Http;
import org.ibal.gateway.web.TrustedProxies;

/**
 * The HTTP API: matches the route, invokes its function with a payload 2.0 event and writes the
 * 2.0 response (a response without statusCode is API Gateway's "200, application/json, the value").
 */
public final class HttpApiEndpoint {
    /** API Gateway's HTTP API payload quota is 10 MB. */
    private static final int MAX_BODY = 10 * 1024 * 1024;

    private final HttpApiRouter router;
    private final Cors cors;
    private final HttpApiEvents events;
    private final FunctionRuntime runtime;
    private final Duration timeout;
    private final TrustedProxies proxies;

    public HttpApiEndpoint(HttpApiSpec spec, FunctionRuntime runtime, Duration timeout, TrustedProxies proxies) {
        this.proxies = proxies;
        this.router = new HttpApiRouter(spec.routes());
        this.cors = new Cors(spec.cors());
        this.events = new HttpApiEvents("local-http-api");
        this.runtime = runtime;
        this.timeout = timeout;
    }

    /** True when a route (or a CORS preflight for a route) claims this request. */
    public boolean matches(Request request, String path) {
        if (cors.enabled() && Cors.isPreflight(request) && router.anyPathMatches(path)) {
            return true;
        }
        return router.match(request.getMethod(), path) != null;
    }

    public void handle(Request request, Response response, Callback callback, String path) throws IOException {
        if (cors.enabled() && Cors.isPreflight(request)) {
            cors.preflight(request, response.getHeaders());
            response.setStatus(204);
            callback.succeeded();
            return;
        }
        HttpApiRouter.Match match = router.match(request.getMethod(), path);
        byte[] body = Http.body(request, MAX_BODY);
        if (body == null) {
            Http.json(response, callback, 413, "{\"message\":\"Request Entity Too Large\"}");
            return;
        }
        String requestId = Ids.requestId();
        response.getHeaders().put("apigw-requestid", requestId);
        Outcome outcome = runtime.invoke(
                match.route().functionId(),
                events.event(request, match, body, requestId, Forwarding.of(request, proxies)),
                requestId,
                timeout);
        if (cors.enabled()) {
            cors.apply(request, response.getHeaders());
        }
        switch (outcome) {
            case Outcome.Success success -> write(request, response, callback, success.response());
            case Outcome.Failed failed -> Http.json(response, callback, 500, "{\"message\":\"Internal Server Error\"}");
            case Outcome.TimedOut timedOut ->
                Http.json(response, callback, 503, "{\"message\":\"Service Unavailable\"}");
        }
    }

    private void write(Request request, Response response, Callback callback, byte[] output) {
        JsonNode answer = Json.parseOrNull(output);
        if (answer == null || !answer.isObject() || !answer.has("statusCode")) {
            if (answer == null && output.length > 0) {
                Http.json(response, callback, 500, "{\"message\":\"Internal Server Error\"}");
                return;
            }
            Http.send(response, callback, 200, "application/json", output);
            return;
        }
        HttpFields.Mutable headers = response.getHeaders();
        String contentType = null;
        if (answer.path("headers").isObject()) {
            for (var fields = answer.get("headers").fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (field.getKey().equalsIgnoreCase("content-type")) {
                    contentType = field.getValue().asText();
                } else if (!field.getKey().toLowerCase().startsWith("access-control-") || !cors.enabled()) {
                    headers.put(field.getKey(), field.getValue().asText());
                }
            }
        }
        if (answer.path("cookies").isArray()) {
            answer.get("cookies").forEach(cookie -> headers.add("Set-Cookie", cookie.asText()));
        }
        byte[] body = new byte[0];
        if (answer.hasNonNull("body")) {
            String text = answer.get("body").asText();
            body = answer.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        if (contentType == null && body.length > 0) {
            contentType = "text/plain; charset=utf-8";
        }
        Http.send(response, callback, answer.get("statusCode").asInt(), contentType, body);
    }
}
