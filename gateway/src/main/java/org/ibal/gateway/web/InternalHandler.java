package org.ibal.gateway.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ibal.gateway.Json;
import org.ibal.gateway.connections.ConnectionsEndpoint;
import org.ibal.gateway.invoke.LambdaInvokeApi;
import org.ibal.gateway.sigv4.SigV4Verifier;

/**
 * The internal listener: what only the functions and the other replicas call, never proxied to the world —
 * {@code /{stage}/@connections/{id}} (signing name {@code execute-api}), Lambda's Invoke API ({@code lambda}) and
 * the gateway's health. Every call but the health check must carry a valid SigV4 signature made with the credentials
 * the gateway hands its functions; otherwise 403, as API Gateway and Lambda answer: {@code ForbiddenException}
 * "Missing Authentication Token" when unsigned, {@code InvalidSignatureException} when wrongly signed.
 *
 * <p>The health check stays unsigned: a proxy's health probe cannot sign, and it tells nothing but counts.
 */
public final class InternalHandler extends Handler.Abstract {
    private static final String HEALTH = "/_gateway/health";

    private final SigV4Verifier verifier;
    private final ConnectionsEndpoint connections;
    private final LambdaInvokeApi invoke;
    private final Supplier<String> health;
    private final AtomicLong signedCalls = new AtomicLong();

    public InternalHandler(
            SigV4Verifier verifier, ConnectionsEndpoint connections, LambdaInvokeApi invoke, Supplier<String> health) {
        super(InvocationType.BLOCKING);
        this.verifier = verifier;
        this.connections = connections;
        this.invoke = invoke;
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        if (path.equals(HEALTH)
                && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            Http.json(response, callback, 200, health.get());
            return true;
        }
        String service;
        int limit;
        if (connections != null && connections.matches(path)) {
            service = "execute-api";
            limit = connections.maxBodyBytes();
        } else if (invoke.matches(path)) {
            service = "lambda";
            limit = LambdaInvokeApi.MAX_PAYLOAD_BYTES;
        } else {
            Http.json(response, callback, 404, "{\"message\":\"Not Found\"}");
            return true;
        }
        byte[] body = Http.body(request, limit);
        SigV4Verifier.Verdict verdict = body == null
                ? new SigV4Verifier.Verdict.Valid() // refused as too large below
                : verifier.verify(call(request, body), service);
        switch (verdict) {
            case SigV4Verifier.Verdict.Missing missing ->
                forbidden(response, callback, "ForbiddenException", "Missing Authentication Token");
            case SigV4Verifier.Verdict.Invalid invalid ->
                forbidden(response, callback, "InvalidSignatureException", invalid.message());
            case SigV4Verifier.Verdict.Valid valid -> {
                if (body != null) { // a body too large was never verified
                    signedCalls.incrementAndGet();
                }
                if (service.equals("lambda")) {
                    invoke.handle(request, response, callback, path, body);
                } else {
                    connections.handle(request, response, callback, path, body);
                }
            }
        }
        return true;
    }

    /**
     * Calls to @connections and Invoke that came over the network with a valid signature since the gateway started:
     * from other replicas, or from functions running elsewhere. The functions this gateway runs call it in-process.
     */
    public long signedCalls() {
        return signedCalls.get();
    }

    private static SigV4Verifier.Call call(Request request, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(field.getValue());
        }
        return new SigV4Verifier.Call(
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(),
                headers,
                body);
    }

    private static void forbidden(Response response, Callback callback, String type, String message) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        Http.json(response, callback, 403, Json.object().put("message", message).toString());
    }
}
