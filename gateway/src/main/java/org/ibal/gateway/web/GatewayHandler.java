package org.ibal.gateway.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ibal.gateway.connections.ConnectionsEndpoint;
import org.ibal.gateway.httpapi.HttpApiEndpoint;

/**
 * Everything on the port that is not a WebSocket upgrade: the gateway's health, {@code @connections},
 * {@code /config.json}, the HTTP API routes, and the frontend. Blocking, so Jetty runs it on a virtual thread.
 */
public final class GatewayHandler extends Handler.Abstract {
  private final ConnectionsEndpoint connections;
  private final HttpApiEndpoint httpApi;
  private final ClientConfig clientConfig;
  private final StaticFiles staticFiles;
  private final java.util.function.Supplier<String> health;

  public GatewayHandler(ConnectionsEndpoint connections, HttpApiEndpoint httpApi, ClientConfig clientConfig,
      StaticFiles staticFiles, java.util.function.Supplier<String> health) {
    super(InvocationType.BLOCKING);
    this.connections = connections;
    this.httpApi = httpApi;
    this.clientConfig = clientConfig;
    this.staticFiles = staticFiles;
    this.health = health;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getDecodedPath();
    if (path.equals("/_gateway/health")) {
      Http.json(response, callback, 200, health.get());
    } else if (connections != null && connections.matches(path)) {
      connections.handle(request, response, callback, path);
    } else if (path.equals("/config.json")) {
      response.getHeaders().put("Cache-Control", "no-store");
      Http.json(response, callback, 200, clientConfig.json(request));
    } else if (httpApi != null && httpApi.matches(request, path)) {
      httpApi.handle(request, response, callback, path);
    } else if (path.equals("/api") || path.startsWith("/api/")) {
      Http.json(response, callback, 404, "{\"message\":\"Not Found\"}");
    } else {
      staticFiles.handle(request, response, callback, path);
    }
    return true;
  }
}
