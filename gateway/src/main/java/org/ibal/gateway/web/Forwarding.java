package org.ibal.gateway.web;

import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * Who sent a request and how, as API Gateway tells its functions: the client's address ({@code sourceIp}), the
 * {@code X-Forwarded-For} it passes on (whatever the client sent, with the TCP peer appended — never replacing
 * it), and the scheme and port the client used. Forwarded scheme and port are believed only from a trusted proxy;
 * otherwise they are this connection's own.
 */
public record Forwarding(String sourceIp, String xForwardedFor, String proto, String port) {

    public static Forwarding of(Request request, TrustedProxies proxies) {
        String peer = Request.getRemoteAddr(request);
        List<String> xff = request.getHeaders().getValuesList("X-Forwarded-For");
        String sourceIp = proxies.clientAddress(peer, xff, request.getHeaders().getValuesList("Forwarded"));
        String sent = String.join(
                ", ", xff.stream().map(String::strip).filter(v -> !v.isEmpty()).toList());
        String appended = sent.isEmpty() ? peer : sent + ", " + peer;
        String proto = proxies.forwardedProto(peer, request.getHeaders().get("X-Forwarded-Proto"));
        String port = null;
        if (proxies.trusts(peer)) {
            String forwardedPort = request.getHeaders().get("X-Forwarded-Port");
            port = forwardedPort != null && forwardedPort.strip().matches("\\d{1,5}") ? forwardedPort.strip() : null;
        }
        if (proto == null) {
            proto = request.isSecure() ? "https" : "http";
            port = null;
        }
        if (port == null) {
            port = proxies.trusts(peer) && proto.equals("https") && !request.isSecure()
                    ? "443"
                    : String.valueOf(Request.getServerPort(request));
        }
        return new Forwarding(sourceIp, appended, proto, port);
    }

    public boolean https() {
        return proto.equals("https");
    }
}
