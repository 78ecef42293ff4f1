package org.ibal.functions.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * API Gateway events as JSON, built from fixtures shaped like the real ones (test resources {@code events/}), and
 * parsed the way Spring Cloud Function's AWS adapter parses them (aws-lambda-java-serialization).
 */
public final class Events {
    private Events() {}

    public static String connect(
            String connectionId, Map<String, String> query, String sourceIp, String domain, String stage) {
        ObjectNode event = fixture("ws-connect.json");
        ObjectNode queryNode = event.putObject("queryStringParameters");
        ObjectNode multi = event.putObject("multiValueQueryStringParameters");
        query.forEach((k, v) -> {
            queryNode.put(k, v);
            multi.putArray(k).add(v);
        });
        wsContext(event, connectionId, domain, stage)
                .putObject("identity")
                .put("sourceIp", sourceIp)
                .put("userAgent", "Mozilla/5.0");
        return Json.write(event);
    }

    public static String message(String connectionId, String routeKey, String body, String domain, String stage) {
        ObjectNode event = fixture("ws-message.json");
        wsContext(event, connectionId, domain, stage).put("routeKey", routeKey);
        event.put("body", body);
        return Json.write(event);
    }

    public static String disconnect(String connectionId) {
        ObjectNode event = fixture("ws-disconnect.json");
        ((ObjectNode) event.get("requestContext")).put("connectionId", connectionId);
        return Json.write(event);
    }

    public static String http(
            String method, String path, Map<String, String> headers, Map<String, String> query, String body) {
        return http(method, path, headers, query, body, null);
    }

    /** @param sourceIp the client address API Gateway saw (null: the fixture's) */
    public static String http(
            String method,
            String path,
            Map<String, String> headers,
            Map<String, String> query,
            String body,
            String sourceIp) {
        ObjectNode event = fixture("http-api.json");
        event.put("rawPath", path);
        StringBuilder rawQuery = new StringBuilder();
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach((k, v) -> {
                queryNode.put(k, v);
                rawQuery.append(rawQuery.isEmpty() ? "" : "&")
                        .append(k)
                        .append('=')
                        .append(v);
            });
        }
        event.put("rawQueryString", rawQuery.toString());
        ObjectNode headerNode = (ObjectNode) event.get("headers");
        headers.forEach(headerNode::put);
        ObjectNode http = (ObjectNode) event.get("requestContext").get("http");
        http.put("method", method).put("path", path);
        if (sourceIp != null) {
            http.put("sourceIp", sourceIp);
            headerNode.put("x-forwarded-for", sourceIp);
        }
        ((ObjectNode) event.get("requestContext"))
                .put("requestId", UUID.randomUUID().toString());
        if (body != null) {
            event.put("body", body);
            headerNode.put("content-type", "application/json");
        }
        return Json.write(event);
    }

    public static APIGatewayV2WebSocketEvent webSocketEvent(String json) {
        return LambdaEventSerializers.serializerFor(APIGatewayV2WebSocketEvent.class, Events.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static APIGatewayV2HTTPEvent httpEvent(String json) {
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, Events.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode wsContext(ObjectNode event, String connectionId, String domain, String stage) {
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("connectionId", connectionId)
                .put("domainName", domain)
                .put("stage", stage)
                .put("requestId", UUID.randomUUID().toString());
        return context;
    }

    private static ObjectNode fixture(String name) {
        try (InputStream in = Events.class.getClassLoader().getResourceAsStream("events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture events/" + name);
            }
            return (ObjectNode) Json.MAPPER.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
