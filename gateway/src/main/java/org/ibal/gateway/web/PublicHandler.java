package org.ibal.gateway.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ibal.gateway.httpapi.HttpApiEndpoint;

/**
 * The public listener, what a proxy in front serves to the world: the frontend (with its security headers),
 * {@code /config.json} and the HTTP API routes. The WebSocket stage is the upgrade handler in front of this one.
 * Nothing internal answers here: {@code @connections}, Lambda's Invoke API and the gateway's health are on the
 * internal listener, and their paths answer 404 here rather than the app's shell. Blocking, so Jetty runs it on a
 * virtual thread.
 */
public final class PublicHandler extends Handler.Abstract {
    private static final String NOT_FOUND = "{\"message\":\"Not Found\"}";

    private final HttpApiEndpoint httpApi;
    private final ClientConfig clientConfig;
    private final StaticFiles staticFiles;
    private final String stagePath;
    private final SecurityHeaders securityHeaders;

    public PublicHandler(
            HttpApiEndpoint httpApi,
            ClientConfig clientConfig,
            StaticFiles staticFiles,
            String stage,
            SecurityHeaders securityHeaders) {
        super(InvocationType.BLOCKING);
        this.securityHeaders = securityHeaders;
        this.httpApi = httpApi;
        this.clientConfig = clientConfig;
        this.staticFiles = staticFiles;
        this.stagePath = "/" + stage;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        if (api) {
            securityHeaders.applyToApi(request, response);
        } else {
            securityHeaders.applyToApp(request, response);
        }
        if (path.equals("/config.json")) {
            response.getHeaders().put("Cache-Control", "no-store");
            Http.json(response, callback, 200, clientConfig.json(request));
        } else if (httpApi != null && httpApi.matches(request, path)) {
            httpApi.handle(request, response, callback, path);
        } else if (api || internal(path)) {
            Http.json(response, callback, 404, NOT_FOUND);
        } else {
            staticFiles.handle(request, response, callback, path);
        }
        return true;
    }

    /**
     * Paths that are the internal listener's, or the stage's beyond its upgrade (a plain GET of the stage path is no
     * WebSocket): never the app's shell, so a probe learns nothing and a misrouted call fails loudly.
     */
    private boolean internal(String path) {
        return path.equals(stagePath)
                || path.startsWith(stagePath + "/")
                || path.startsWith("/_gateway/")
                || path.startsWith("/2015-03-31/");
    }
}
