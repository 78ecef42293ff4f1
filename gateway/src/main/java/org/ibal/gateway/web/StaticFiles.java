package org.ibal.gateway.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the frontend build. Paths without a file fall back to index.html (the app routes on the
 * client); until the frontend is built, a page explains how to build it.
 */
public final class StaticFiles {
    private static final String PLACEHOLDER = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>IBAL gateway</title></head>
      <body>
      <h1>IBAL gateway is running</h1>
      <p>The frontend is not built yet, so there is no app to serve from <code>%s</code>.</p>
      <p>Build it with <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code> (or run <code>make run</code>,
      which builds what is missing), then reload this page.</p>
      <p>The gateway itself works: the WebSocket API is at <code>/%s</code>, the HTTP API under <code>/api</code>
      and the client settings at <a href="/config.json">/config.json</a>.</p>
      </body></html>
      """;

    private final Path root;
    private final String stage;
    private final MimeTypes mimeTypes = new MimeTypes();

    public StaticFiles(Path root, String stage) {
        this.root = root.toAbsolutePath().normalize();
        this.stage = stage;
    }

    public void handle(Request request, Response response, Callback callback, String path) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            Http.json(response, callback, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        Path index = root.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            Http.send(
                    response,
                    callback,
                    200,
                    "text/html; charset=utf-8",
                    PLACEHOLDER.formatted(root, stage).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root)) {
            Http.json(response, callback, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        if (!Files.isRegularFile(file)) {
            if (path.substring(path.lastIndexOf('/') + 1).contains(".")) {
                Http.json(response, callback, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            file = index;
        }
        String type = mimeTypes.getMimeByExtension(file.getFileName().toString());
        if (file.getFileName().toString().endsWith(".html")) {
            response.getHeaders().put("Cache-Control", "no-cache");
        }
        Http.send(response, callback, 200, type == null ? "application/octet-stream" : type, Files.readAllBytes(file));
    }
}
