package org.ibal.gateway.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.server.Request;
import org.ibal.gateway.Json;

/**
 * {@code GET /config.json}: where clients find the WebSocket and the HTTP API. Computed from the
 * request (X-Forwarded-Proto/Host first when a trusted proxy sent them, else the Host header), so it is right behind
 * a proxy; IBAL_PUBLIC_URL overrides it.
 */
public final class ClientConfig {
    private final String stage;
    private final String publicUrl;
    private final TrustedProxies proxies;

    public ClientConfig(String stage, String publicUrl, TrustedProxies proxies) {
        this.stage = stage;
        this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
        this.proxies = proxies;
    }

    public String json(Request request) {
        String base = publicUrl != null ? publicUrl : origin(request, proxies);
        ObjectNode out = Json.object();
        out.put("wsUrl", base.replaceFirst("^http", "ws") + "/" + stage);
        out.put("apiUrl", base);
        return out.toString();
    }

    private static String origin(Request request, TrustedProxies proxies) {
        boolean trusted = proxies.trusts(Request.getRemoteAddr(request));
        String proto = Forwarding.of(request, proxies).proto();
        String host = trusted ? first(request.getHeaders().get("X-Forwarded-Host")) : null;
        if (host == null) {
            host = request.getHeaders().get("Host");
        }
        if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
            host = Request.getServerName(request) + ":" + Request.getServerPort(request);
        }
        return proto + "://" + host;
    }

    private static String first(String header) {
        return header == null ? null : header.split(",")[0].trim();
    }
}
