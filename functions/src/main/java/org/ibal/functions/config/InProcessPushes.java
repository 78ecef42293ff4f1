package org.ibal.functions.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.BiFunction;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The Management API's transport when the functions run inside the IBAL gateway: each PostToConnection is handed
 * to the gateway's {@code @connections} handler in the same JVM, with no loopback HTTP call and no SigV4 signature
 * to make and check. Only the gateway offers it, and only for its own endpoint; on AWS (and anywhere else) nothing
 * is registered and the functions use the SDK's HTTP client as before.
 *
 * <p>The gateway registers the hand-off as two JVM system properties, in JDK types only, because the functions have
 * their own class loader (and their own copy of the SDK): {@value #ENDPOINT_PROPERTY}, the endpoint it serves (a
 * string, equal to {@code MANAGEMENT_API_ENDPOINT}), and {@value #HANDLER_PROPERTY}, a
 * {@code BiFunction<String[], byte[], Object[]>} taking {@code {method, path}} and the body and answering
 * {@code {Integer status, String x-amzn-ErrorType or null, byte[] body}}.
 */
final class InProcessPushes implements SdkHttpClient {
    static final String ENDPOINT_PROPERTY = "ibal.inProcess.connectionsEndpoint";
    static final String HANDLER_PROPERTY = "ibal.inProcess.connectionsHandler";

    private final URI endpoint;
    private final BiFunction<String[], byte[], Object[]> handler;

    private InProcessPushes(URI endpoint, BiFunction<String[], byte[], Object[]> handler) {
        this.endpoint = endpoint;
        this.handler = handler;
    }

    /** The gateway's in-process transport for {@code endpoint}, or null when no gateway offers one for it. */
    @SuppressWarnings("unchecked")
    static InProcessPushes forEndpoint(URI endpoint) {
        Object offered = System.getProperties().get(ENDPOINT_PROPERTY);
        Object handler = System.getProperties().get(HANDLER_PROPERTY);
        if (!(handler instanceof BiFunction<?, ?, ?>) || !endpoint.toString().equals(offered)) {
            return null;
        }
        return new InProcessPushes(endpoint, (BiFunction<String[], byte[], Object[]>) handler);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        URI target = request.httpRequest().getUri();
        // The SDK builds every request from the endpoint it was given; anything else is never sent in-process.
        if (!target.getScheme().equals(endpoint.getScheme())
                || !target.getAuthority().equals(endpoint.getAuthority())
                || !target.getRawPath().startsWith(endpoint.getRawPath())) {
            throw new IllegalStateException("in-process pushes go to " + endpoint + " only, not " + target);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] body;
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                } else {
                    body = new byte[0];
                }
                Object[] answer = handler.apply(
                        new String[] {request.httpRequest().method().name(), target.getRawPath()}, body);
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode((Integer) answer[0]);
                if (answer[1] != null) {
                    response.putHeader("x-amzn-ErrorType", (String) answer[1]);
                }
                byte[] out = (byte[]) answer[2];
                response.putHeader("Content-Length", Integer.toString(out.length));
                if (out.length > 0) {
                    response.putHeader("Content-Type", "application/json");
                }
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(out)))
                        .build();
            }

            @Override
            public void abort() {
                // the hand-off is a plain method call: nothing to abort
            }
        };
    }

    @Override
    public String clientName() {
        return "IbalInProcess";
    }

    @Override
    public void close() {
        // the gateway owns the handler
    }
}
