package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/** The parts of an HTTP API (payload 2.0) event the routes use. */
/** @param sourceIp the client address API Gateway saw ({@code requestContext.http.sourceIp}), or null */
record HttpRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        String body,
        String requestId,
        String sourceIp) {

    static HttpRequest from(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        String method =
                context != null && context.getHttp() != null ? context.getHttp().getMethod() : "GET";
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the body is marked base64 but is not");
            }
        }
        return new HttpRequest(
                method.toUpperCase(Locale.ROOT),
                apiPath(event.getRawPath()),
                event.getHeaders() == null ? Map.of() : event.getHeaders(),
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
                body,
                context == null ? null : context.getRequestId(),
                context == null || context.getHttp() == null
                        ? null
                        : context.getHttp().getSourceIp());
    }

    /** From {@code /api} on: a named stage prefixes rawPath ({@code /prod/api/...}), the $default stage does not. */
    private static String apiPath(String rawPath) {
        if (rawPath == null) {
            return "/";
        }
        int at = rawPath.indexOf("/api/");
        String path = at >= 0 ? rawPath.substring(at) : rawPath;
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Header lookup ignoring case (HTTP API lower-cases them; the local gateway may not). */
    String header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    ObjectNode jsonBody() {
        return Json.parseObject(body);
    }

    String requiredString(ObjectNode node, String field) {
        String value = Json.optionalString(node, field);
        if (value == null) {
            throw new InvalidInputException(field + " is required");
        }
        return value;
    }

    Integer intQuery(String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a whole number");
        }
    }
}
