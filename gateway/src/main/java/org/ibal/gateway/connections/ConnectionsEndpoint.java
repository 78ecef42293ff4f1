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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.ibal.gateway.Ids;
import org.ibal.gateway.Json;
import org.ibal.gateway.cluster.InstanceDirectory;
import org.ibal.gateway.web.Http;
import org.ibal.gateway.websocket.Connection;
import org.ibal.gateway.websocket.ConnectionRegistry;

/**
 * The Management API at {@code /{stage}/@connections/{id}}: POST sends a message, GET describes the
 * connection, DELETE closes it. Errors carry {@code x-amzn-ErrorType} so the AWS SDK raises its typed
 * exceptions (GoneException, PayloadTooLargeException). SigV4 headers are accepted, not verified.
 * A connection held by another instance is reached by forwarding the call to that instance.
 */
public final class ConnectionsEndpoint {
  /** Set on forwarded calls, so an instance never forwards twice. */
  static final String FORWARDED = "X-Ibal-Forwarded";

  private final String prefix;
  private final ConnectionRegistry registry;
  private final InstanceDirectory directory;
  private final int maxMessageBytes;
  /** PostToConnection calls delivered here: what API Gateway would bill as messages (the bench reads it). */
  private final LongAdder delivered = new LongAdder();
  private final HttpClient peers = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ConnectionsEndpoint(String stage, ConnectionRegistry registry, InstanceDirectory directory, int maxMessageBytes) {
    this.prefix = "/" + stage + "/@connections/";
    this.registry = registry;
    this.directory = directory;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** PostToConnection calls delivered to a connection this instance holds, since it started. */
  public long delivered() {
    return delivered.sum();
  }

  public boolean matches(String path) {
    return path.startsWith(prefix) && path.length() > prefix.length();
  }

  public void handle(Request request, Response response, Callback callback, String path) throws IOException {
    String id = path.substring(prefix.length());
    String method = request.getMethod();
    byte[] body = HttpMethod.POST.is(method) ? Http.body(request, maxMessageBytes) : new byte[0];
    if (body == null) {
      error(response, callback, 413, "PayloadTooLargeException", "Message exceeds the " + maxMessageBytes + " byte limit");
      return;
    }
    Connection connection = registry.find(id);
    if (connection == null) {
      String owner = Ids.tagOf(id);
      if (owner != null && !owner.equals(directory.tag()) && request.getHeaders().get(FORWARDED) == null) {
        forward(request, response, callback, owner, path, body);
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
    try {
      connection.send(new String(body, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
      delivered.increment();
      response.setStatus(200);
      callback.succeeded();
    } catch (ExecutionException | TimeoutException e) {
      error(response, callback, 410, "GoneException", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(response, callback, 500, "InternalServerErrorException", "interrupted");
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

  private void forward(Request request, Response response, Callback callback, String owner, String path, byte[] body) {
    String base = directory.urlOf(owner);
    if (base == null) {
      error(response, callback, 410, "GoneException", null);
      return;
    }
    try {
      HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(base + request.getHttpURI().getPath()))
          .timeout(Duration.ofSeconds(10))
          .header(FORWARDED, directory.tag())
          .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
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

  private static void error(Response response, Callback callback, int status, String type, String message) {
    response.getHeaders().put("x-amzn-ErrorType", type);
    ObjectNode body = Json.object();
    body.put("message", message);
    Http.json(response, callback, status, body.toString());
  }
}
