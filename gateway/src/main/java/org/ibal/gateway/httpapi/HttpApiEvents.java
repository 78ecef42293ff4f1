package org.ibal.gateway.httpapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.ibal.gateway.Json;
import org.ibal.gateway.web.Forwarding;

/** Builds HTTP API payload format 2.0 events. */
final class HttpApiEvents {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final String apiId;

    HttpApiEvents(String apiId) {
        this.apiId = apiId;
    }

    /**
     * The payload 2.0 event. {@code x-forwarded-for/-proto/-port} are API Gateway's, not the client's: whatever
     * X-Forwarded-For the client sent with the peer appended, the scheme and port as the client (or a trusted proxy) saw
     * them; {@code sourceIp} is the client's address ({@link Forwarding}).
     */
    byte[] event(Request request, HttpApiRouter.Match match, byte[] body, String requestId, Forwarding forwarding) {
        long now = System.currentTimeMillis();
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        String rawPath = request.getHttpURI().getPath();
        event.put("rawPath", rawPath);
        String rawQuery = request.getHttpURI().getQuery();
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);

        Map<String, String> headers = new LinkedHashMap<>();
        ArrayNode cookies = null;
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() == HttpHeader.COOKIE) {
                if (cookies == null) {
                    cookies = event.putArray("cookies");
                }
                for (String cookie : field.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
                continue;
            }
            headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
        }
        // API Gateway always sets these; functions build absolute URLs (OAuth redirect_uri) from them.
        headers.put("x-forwarded-for", forwarding.xForwardedFor());
        headers.put("x-forwarded-port", forwarding.port());
        headers.put("x-forwarded-proto", forwarding.proto());
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);

        Fields query = Request.extractQueryParameters(request);
        if (query.getSize() > 0) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            for (Fields.Field field : query) {
                parameters.put(field.getName(), String.join(",", field.getValues()));
            }
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }

        ObjectNode rc = event.putObject("requestContext");
        rc.put("accountId", "000000000000");
        rc.put("apiId", apiId);
        String host = headers.getOrDefault("host", "localhost");
        rc.put("domainName", host);
        rc.put("domainPrefix", host.split("[.:]", 2)[0]);
        ObjectNode http = rc.putObject("http");
        http.put("method", request.getMethod());
        http.put("path", rawPath);
        http.put("protocol", request.getConnectionMetaData().getProtocol());
        http.put("sourceIp", forwarding.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        rc.put("requestId", requestId);
        rc.put("routeKey", match.route().routeKey());
        rc.put("stage", "$default");
        rc.put("time", TIME.format(Instant.ofEpochMilli(now)));
        rc.put("timeEpoch", now);

        if (body.length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.put(
                    "body",
                    text
                            ? new String(body, StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return Json.bytes(event);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("x-www-form-urlencoded")
                || type.contains("javascript");
    }
}
