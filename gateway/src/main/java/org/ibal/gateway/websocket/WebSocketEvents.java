package org.ibal.gateway.websocket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.ibal.gateway.Ids;
import org.ibal.gateway.Json;
import org.ibal.gateway.web.Forwarding;

/**
 * Builds the Lambda proxy events API Gateway sends for a WebSocket API: CONNECT (with the upgrade
 * request's headers and query string), MESSAGE (with the body and a messageId) and DISCONNECT (with
 * the close frame's status code and reason).
 */
final class WebSocketEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private static final java.util.Set<String> REPLACED =
            java.util.Set.of("x-forwarded-for", "x-forwarded-port", "x-forwarded-proto");

    private final EventContext context;

    WebSocketEvents(EventContext context) {
        this.context = context;
    }

    /**
     * The CONNECT event. {@code X-Forwarded-For/-Proto/-Port} are API Gateway's, not the client's: the client's own
     * X-Forwarded-For with the peer appended, the scheme and port as the client (or a trusted proxy) saw them.
     */
    byte[] connect(Request request, Connection connection, String requestId, Forwarding forwarding) {
        ObjectNode event = Json.object();
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        for (HttpField field : request.getHeaders()) {
            if (REPLACED.contains(field.getLowerCaseName())) {
                continue;
            }
            headers.put(field.getName(), field.getValue());
            ArrayNode values = multiHeaders.has(field.getName())
                    ? (ArrayNode) multiHeaders.get(field.getName())
                    : multiHeaders.putArray(field.getName());
            values.add(field.getValue());
        }
        addIfMissing(headers, multiHeaders, "X-Forwarded-For", forwarding.xForwardedFor());
        addIfMissing(headers, multiHeaders, "X-Forwarded-Port", forwarding.port());
        addIfMissing(headers, multiHeaders, "X-Forwarded-Proto", forwarding.proto());
        Fields query = Request.extractQueryParameters(request);
        if (query.getSize() > 0) {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            for (Fields.Field field : query) {
                List<String> values = field.getValues();
                single.put(field.getName(), values.get(values.size() - 1));
                ArrayNode array = multi.putArray(field.getName());
                values.forEach(array::add);
            }
        }
        event.set("requestContext", requestContext("$connect", "CONNECT", connection, requestId));
        event.put("isBase64Encoded", false);
        return Json.bytes(event);
    }

    byte[] message(Connection connection, String routeKey, byte[] body, boolean binary, String requestId) {
        ObjectNode event = Json.object();
        ObjectNode requestContext = requestContext(routeKey, "MESSAGE", connection, requestId);
        requestContext.put("messageId", Ids.requestId());
        event.set("requestContext", requestContext);
        event.put("body", binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", binary);
        return Json.bytes(event);
    }

    byte[] disconnect(Connection connection, int statusCode, String reason, String requestId) {
        ObjectNode event = Json.object();
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        addIfMissing(headers, multiHeaders, "Host", connection.host());
        addIfMissing(headers, multiHeaders, "X-Forwarded-For", connection.sourceIp());
        ObjectNode requestContext = requestContext("$disconnect", "DISCONNECT", connection, requestId);
        requestContext.put("disconnectStatusCode", statusCode);
        requestContext.put("disconnectReason", reason == null ? "" : reason);
        event.set("requestContext", requestContext);
        event.put("isBase64Encoded", false);
        return Json.bytes(event);
    }

    private ObjectNode requestContext(String routeKey, String eventType, Connection connection, String requestId) {
        long now = System.currentTimeMillis();
        ObjectNode rc = Json.object();
        rc.put("routeKey", routeKey);
        rc.put("eventType", eventType);
        rc.put("extendedRequestId", requestId);
        rc.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        rc.put("messageDirection", "IN");
        rc.put("stage", context.stage());
        rc.put("connectedAt", connection.connectedAt());
        rc.put("requestTimeEpoch", now);
        ObjectNode identity = rc.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        if (connection.userAgent() != null) {
            identity.put("userAgent", connection.userAgent());
        }
        rc.put("requestId", requestId);
        rc.put("domainName", context.domainName());
        rc.put("connectionId", connection.id());
        rc.put("apiId", context.apiId());
        return rc;
    }

    private static void addIfMissing(ObjectNode headers, ObjectNode multiHeaders, String name, String value) {
        if (value == null) {
            return;
        }
        for (var names = headers.fieldNames(); names.hasNext(); ) {
            if (names.next().equalsIgnoreCase(name)) {
                return;
            }
        }
        headers.put(name, value);
        multiHeaders.putArray(name).add(value);
    }
}
