package org.ibal.gateway.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.server.Request;
import org.ibal.gateway.Json;

/**
 * {@code GET /config.json}: where clients find the WebSocket and the HTTP API. Computed from the
 * request (X-Forwarded-Proto/Host first), so it is right behind a proxy; IBAL_PUBLIC_URL overrides it.
 */
public final class ClientConfig {
  private final String stage;
  private final String publicUrl;

  public ClientConfig(String stage, String publicUrl) {
    this.stage = stage;
    this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
  }

  public String json(Request request) {
    String base = publicUrl != null ? publicUrl : origin(request);
    ObjectNode out = Json.object();
    out.put("wsUrl", base.replaceFirst("^http", "ws") + "/" + stage);
    out.put("apiUrl", base);
    return out.toString();
  }

  private static String origin(Request request) {
    String proto = first(request.getHeaders().get("X-Forwarded-Proto"));
    String host = first(request.getHeaders().get("X-Forwarded-Host"));
    if (proto == null) {
      proto = request.getHttpURI().getScheme() == null ? "http" : request.getHttpURI().getScheme();
    }
    if (host == null) {
      host = request.getHeaders().get("Host");
    }
    if (host == null) {
      host = Request.getServerName(request) + ":" + Request.getServerPort(request);
    }
    return proto + "://" + host;
  }

  private static String first(String header) {
    return header == null ? null : header.split(",")[0].trim();
  }
}
