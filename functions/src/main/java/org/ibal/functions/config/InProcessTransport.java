package org.ibal.functions.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The AWS SDK's transport for an endpoint the IBAL gateway running these functions serves itself (its {@code
 * @connections}, its Lambda Invoke API, its embedded DynamoDB Local): each request is handed to the gateway's handler
 * in the same JVM, with no loopback HTTP call and no SigV4 signature to make and check. Only the gateway offers
 * endpoints, and only its own; on AWS (and anywhere else) nothing is offered and the functions use the SDK's HTTP
 * client as before, with the same code above it.
 *
 * <p>The gateway offers an endpoint as the JVM system property {@value #PROPERTY_PREFIX}{@code <endpoint>}, in JDK
 * types only, because the functions have their own class loader (and their own copy of the SDK): a
 * {@code BiFunction<String[], byte[], Object[]>} taking {@code {method, raw path, header name, value, ...}} and the
 * body and answering {@code {Integer status, String[] {header name, value, ...}, byte[] body}}.
 */
final class InProcessTransport implements SdkHttpClient {
    static final String PROPERTY_PREFIX = "ibal.inProcess ";

    private final URI endpoint;
    private final BiFunction<String[], byte[], Object[]> handler;

    private InProcessTransport(URI endpoint, BiFunction<String[], byte[], Object[]> handler) {
        this.endpoint = endpoint;
        this.handler = handler;
    }

    /** The gateway's in-process transport for {@code endpoint}, or null when no gateway offers one for it. */
    @SuppressWarnings("unchecked")
    static InProcessTransport forEndpoint(URI endpoint) {
        Object handler = System.getProperties().get(PROPERTY_PREFIX + endpoint);
        return handler instanceof BiFunction<?, ?, ?>
                ? new InProcessTransport(endpoint, (BiFunction<String[], byte[], Object[]>) handler)
                : null;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        URI target = request.httpRequest().getUri();
        // The SDK builds every request from the endpoint it was given; anything else is never sent in-process.
        if (!target.getScheme().equals(endpoint.getScheme())
                || !target.getAuthority().equals(endpoint.getAuthority())
                || !target.getRawPath().startsWith(endpoint.getRawPath())) {
            throw new IllegalStateException("in-process calls go to " + endpoint + " only, not " + target);
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
                List<String> call = new ArrayList<>();
                call.add(request.httpRequest().method().name());
                call.add(target.getRawPath().isEmpty() ? "/" : target.getRawPath());
                request.httpRequest().forEachHeader((name, values) -> {
                    if (!values.isEmpty()) {
                        call.add(name);
                        call.add(values.get(0));
                    }
                });
                Object[] answer = handler.apply(call.toArray(String[]::new), body);
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode((Integer) answer[0]);
                String[] headers = (String[]) answer[1];
                for (int i = 0; i + 1 < headers.length; i += 2) {
                    response.putHeader(headers[i], headers[i + 1]);
                }
                byte[] out = (byte[]) answer[2];
                response.putHeader("Content-Length", Integer.toString(out.length));
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
