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
import org.eclipse.jetty.websocket.api.StatusCode;
import org.ibal.gateway.Ids;
import org.ibal.gateway.Json;
import org.ibal.gateway.cluster.InstanceDirectory;
import org.ibal.gateway.sigv4.SigV4Signer;
import org.ibal.gateway.web.Http;
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
  private final HttpClient peers = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ConnectionsEndpoint(String stage, ConnectionRegistry registry, InstanceDirectory directory, int maxMessageBytes,
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
    String id = path.substring(prefix.length());
    String method = request.getMethod();
    if (body == null) {
      error(response, callback, 413, "PayloadTooLargeException", "Message exceeds the " + maxMessageBytes + " byte limit");
      return;
    }
    Connection connection = registry.find(id);
    if (connection == null) {
      String owner = Ids.tagOf(id);
      if (owner != null && !owner.equals(directory.tag()) && request.getHeaders().get(FORWARDED) == null) {
        forward(request, response, callback, owner, body);
        return;
      }
      error(response, callback, 410, "GoneException", null);
      return;
    }
    switch (method) {
      case "POST" -> post(connection, body, response, callback);
      case "GET" -> Http.json(response, callback, 200, describe(connection));
      case "DELETE" -> {
        connection.close(StatusCode.NORMAL, "");
        response.setStatus(204);
        callback.succeeded();
      }
      default -> error(response, callback, 405, "MethodNotAllowedException", "Use POST, GET or DELETE");
    }
  }

  private void post(Connection connection, byte[] body, Response response, Callback callback) {
    switch (connection.send(new String(body, StandardCharsets.UTF_8))) {
      case QUEUED -> {
        delivered.increment();
        response.setStatus(200);
        callback.succeeded();
      }
      case GONE -> error(response, callback, 410, "GoneException", null);
    }
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

  private void forward(Request request, Response response, Callback callback, String owner, byte[] body) {
    String base = directory.urlOf(owner);
    if (base == null) {
      error(response, callback, 410, "GoneException", null);
      return;
    }
    try {
      URI target = URI.create(base + request.getHttpURI().getPath());
      String contentType = request.getHeaders().get("Content-Type");
      Map<String, String> headers = contentType == null ? Map.of(FORWARDED, directory.tag())
          : Map.of(FORWARDED, directory.tag(), "Content-Type", contentType);
      HttpRequest.Builder call = HttpRequest.newBuilder(target)
          .timeout(Duration.ofSeconds(10))
          .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(call::header);
      signer.sign(request.getMethod(), target, headers, body, "execute-api").forEach(call::header);
      HttpResponse<byte[]> answer = peers.send(call.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer.headers().firstValue("x-amzn-ErrorType").ifPresent(type -> response.getHeaders().put("x-amzn-ErrorType", type));
      Http.send(response, callback, answer.statusCode(),
          answer.headers().firstValue("content-type").orElse(null), answer.body());
    } catch (IOException e) {
      directory.forget(owner);
      error(response, callback, 410, "GoneException", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(response, callback, 500, "InternalServerErrorException", "interrupted");
    }
  }

  static void error(Response response, Callback callback, int status, String type, String message) {
    response.getHeaders().put("x-amzn-ErrorType", type);
    ObjectNode body = Json.object();
    body.put("message", message);
    Http.json(response, callback, status, body.toString());
  }
}
