package org.ibal.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small blocking helpers for Jetty core handlers (they run on virtual threads). */
public final class Http {
    private Http() {}

    /** The request body, or null when it is longer than {@code limit} bytes. */
    public static byte[] body(Request request, int limit) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? null : bytes;
        }
    }

    public static void json(Response response, Callback callback, int status, String json) {
        send(response, callback, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
