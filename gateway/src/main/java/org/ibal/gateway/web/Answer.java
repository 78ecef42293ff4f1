package org.ibal.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ibal.gateway.Json;

/**
 * What one of the gateway's AWS-shaped endpoints answers (@connections, Lambda's Invoke API, DynamoDB Local), written
 * to an HTTP response on the internal listener or handed back as is to a function calling in-process.
 *
 * @param headers besides Content-Type: {@code x-amzn-ErrorType}, from which the AWS SDK raises its typed exceptions,
 *     and the like
 */
public record Answer(int status, Map<String, String> headers, String contentType, byte[] body) {
    public static final String ERROR_TYPE = "x-amzn-ErrorType";
    private static final byte[] EMPTY = new byte[0];

    public Answer {
        headers = Map.copyOf(headers);
    }

    /** A status with no body. */
    public static Answer empty(int status) {
        return new Answer(status, Map.of(), null, EMPTY);
    }

    public static Answer json(int status, byte[] body) {
        return new Answer(status, Map.of(), "application/json", body);
    }

    /** An AWS error: its type in {@code x-amzn-ErrorType}, {@code body} the service's JSON. */
    public static Answer error(int status, String type, byte[] body) {
        return new Answer(status, Map.of(ERROR_TYPE, type), "application/json", body);
    }

    /** An AWS error whose body is {@code {"message": message}}. */
    public static Answer error(int status, String type, String message) {
        return error(status, type, Json.bytes(Json.object().put("message", message)));
    }

    /** The same answer with one more header. */
    public Answer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Answer(status, more, contentType, body);
    }

    /** {@code x-amzn-ErrorType}, or null on success. */
    public String errorType() {
        return headers.get(ERROR_TYPE);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public void send(Response response, Callback callback) {
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        Http.send(response, callback, status, contentType, body);
    }
}
