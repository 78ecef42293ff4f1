package org.ibal.gateway.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.ibal.gateway.Ids;
import org.ibal.gateway.Json;
import org.ibal.gateway.cluster.InstanceDirectory;
import org.ibal.gateway.sigv4.SigV4Signer;
import org.ibal.gateway.web.Answer;
import org.ibal.gateway.websocket.Connection;
import org.ibal.gateway.websocket.ConnectionRegistry;

/**
 * The Management API at {@code /{stage}/@connections/{id}} on the internal listener (which has checked the caller's
 * signature): POST sends a message, GET describes the connection, DELETE closes it. Errors carry
 * {@code x-amzn-ErrorType} so the AWS SDK raises its typed exceptions (GoneException, PayloadTooLargeException).
 *
 * <p>POST answers as soon as the message is queued for the client, never after waiting for the client to read it:
 * the caller is a function holding an invocation slot. A connection held by another instance is reached by
 * forwarding the call, signed with the replicas' shared credentials, to that instance's internal listener.
 */
public final class ConnectionsEndpoint {
    /** Set on forwarded calls, so an instance never forwards twice. */
    static final String FORWARDED = "X-Ibal-Forwarded";

    private final String prefix;
    private final ConnectionRegistry registry;
    private final InstanceDirectory directory;
    private final int maxMessageBytes;
    private final SigV4Signer signer;
    /** PostToConnection calls delivered here: what API Gateway would bill as messages (the bench reads it). */
    private final LongAdder delivered = new LongAdder();

    private final HttpClient peers =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ConnectionsEndpoint(
            String stage,
            ConnectionRegistry registry,
            InstanceDirectory directory,
            int maxMessageBytes,
            SigV4Signer signer) {
        this.prefix = "/" + stage + "/@connections/";
        this.registry = registry;
        this.directory = directory;
        this.maxMessageBytes = maxMessageBytes;
        this.signer = signer;
    }

    /** PostToConnection calls delivered to a connection this instance holds, since it started. */
    public long delivered() {
        return delivered.sum();
    }

    public boolean matches(String path) {
        return path.startsWith(prefix) && path.length() > prefix.length();
    }

    /** The longest body a call may carry: the message limit. */
    public int maxBodyBytes() {
        return maxMessageBytes;
    }

    /** @param body the request body, already read (and its signature checked); null when it passed the limit */
    public void handle(Request request, Response response, Callback callback, String path, byte[] body) {
        Answer answer = answer(
                request.getMethod(),
                path,
                request.getHttpURI().getPath(),
                body,
                request.getHeaders().get(FORWARDED) != null,
                request.getHeaders().get("Content-Type"));
        answer.send(response, callback);
    }

    /**
     * The same call made in-process by a function this gateway runs ({@link org.ibal.gateway.inprocess.InProcessOffer}):
     * no socket, no signature to check, the same answers.
     *
     * @param rawPath the request's path as sent, {@code /{stage}/@connections/{id}}, percent-encoded
     */
    public Answer handleInProcess(String method, String rawPath, byte[] body) {
        String path = URIUtil.decodePath(rawPath);
        if (!matches(path)) {
            return Answer.error(404, "NotFoundException", "Not Found");
        }
        return answer(method, path, rawPath, body.length > maxMessageBytes ? null : body, false, "application/json");
    }

    private Answer answer(
            String method, String path, String rawPath, byte[] body, boolean forwarded, String contentType) {
        String id = path.substring(prefix.length());
        if (body == null) {
            return Answer.error(
                    413, "PayloadTooLargeException", "Message exceeds the " + maxMessageBytes + " byte limit");
        }
        Connection connection = registry.find(id);
        if (connection == null) {
            String owner = Ids.tagOf(id);
            if (owner != null && !owner.equals(directory.tag()) && !forwarded) {
                return forward(method, rawPath, contentType, owner, body);
            }
            return Answer.error(410, "GoneException", (String) null);
        }
        return switch (method) {
            case "POST" -> post(connection, body);
            case "GET" -> Answer.json(200, describe(connection).getBytes(StandardCharsets.UTF_8));
            case "DELETE" -> {
                connection.close(StatusCode.NORMAL, "");
                yield Answer.empty(204);
            }
            default -> Answer.error(405, "MethodNotAllowedException", "Use POST, GET or DELETE");
        };
    }

    private Answer post(Connection connection, byte[] body) {
        return switch (connection.send(new String(body, StandardCharsets.UTF_8))) {
            case QUEUED -> {
                delivered.increment();
                yield Answer.empty(200);
            }
            case GONE -> Answer.error(410, "GoneException", (String) null);
        };
    }

    private static String describe(Connection connection) {
        ObjectNode out = Json.object();
        out.put("connectedAt", Instant.ofEpochMilli(connection.connectedAt()).toString());
        ObjectNode identity = out.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        identity.put("userAgent", connection.userAgent());
        out.put("lastActiveAt", connection.lastActiveAt().toString());
        return out.toString();
    }

    private Answer forward(String method, String rawPath, String contentType, String owner, byte[] body) {
        String base = directory.urlOf(owner);
        if (base == null) {
            return Answer.error(410, "GoneException", (String) null);
        }
        try {
            URI target = URI.create(base + rawPath);
            Map<String, String> headers = contentType == null
                    ? Map.of(FORWARDED, directory.tag())
                    : Map.of(FORWARDED, directory.tag(), "Content-Type", contentType);
            HttpRequest.Builder call = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .method(
                            method,
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(call::header);
            signer.sign(method, target, headers, body, "execute-api").forEach(call::header);
            HttpResponse<byte[]> answer = peers.send(call.build(), HttpResponse.BodyHandlers.ofByteArray());
            String errorType = answer.headers().firstValue(Answer.ERROR_TYPE).orElse(null);
            return new Answer(
                    answer.statusCode(),
                    errorType == null ? Map.of() : Map.of(Answer.ERROR_TYPE, errorType),
                    answer.headers().firstValue("content-type").orElse(null),
                    answer.body());
        } catch (IOException e) {
            directory.forget(owner);
            return Answer.error(410, "GoneException", (String) null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(500, "InternalServerErrorException", "interrupted");
        }
    }
}
