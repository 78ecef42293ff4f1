package org.ibal.gateway.inprocess;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.ibal.gateway.web.Answer;

/**
 * One of the gateway's own endpoints (@connections, Lambda's Invoke API, the embedded DynamoDB Local) offered to the
 * functions it runs as a method call: their AWS SDK clients for exactly that endpoint hand each request to it instead
 * of making a loopback HTTP request, signing it and having it verified (the functions' side is
 * {@code org.ibal.functions.config.InProcessTransport}). On AWS nothing is offered and nothing changes. Nothing
 * reaches an offer from the network: calls arriving over HTTP (from other replicas) still pass the internal listener's
 * SigV4 check.
 *
 * <p>The hand-off crosses the functions' class loader (they have their own copy of the SDK), so it is published in
 * JDK types only, as the JVM system property {@value #PROPERTY_PREFIX}{@code <endpoint>}: a
 * {@code BiFunction<String[], byte[], Object[]>} taking {@code {method, raw path, header name, value, ...}} and the
 * body, answering {@code {Integer status, String[] {header name, value, ...}, byte[] body}}.
 */
public final class InProcessOffer implements BiFunction<String[], byte[], Object[]> {
    public static final String PROPERTY_PREFIX = "ibal.inProcess ";

    /** A call as the functions' SDK made it; header names in lower case. */
    public record Call(String method, String rawPath, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers one call. */
    @FunctionalInterface
    public interface Handler {
        Answer handle(Call call, byte[] body);
    }

    private final String property;
    private final Handler handler;

    private InProcessOffer(String property, Handler handler) {
        this.property = property;
        this.handler = handler;
    }

    /** Offers {@code handler} to the functions for calls to {@code endpoint} (as they name it, e.g. their env). */
    public static InProcessOffer offer(String endpoint, Handler handler) {
        InProcessOffer offer = new InProcessOffer(PROPERTY_PREFIX + endpoint, handler);
        System.getProperties().put(offer.property, offer);
        return offer;
    }

    /** Withdraws the offer (the gateway is stopping), unless another gateway in this JVM has made its own since. */
    public void withdraw() {
        System.getProperties().remove(property, this);
    }

    @Override
    public Object[] apply(String[] call, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 2; i + 1 < call.length; i += 2) {
            headers.put(call[i].toLowerCase(Locale.ROOT), call[i + 1]);
        }
        Answer answer = handler.handle(new Call(call[0], call[1], headers), body);
        String[] answerHeaders = new String[answer.headers().size() * 2 + (answer.contentType() == null ? 0 : 2)];
        int i = 0;
        for (var header : answer.headers().entrySet()) {
            answerHeaders[i++] = header.getKey();
            answerHeaders[i++] = header.getValue();
        }
        if (answer.contentType() != null) {
            answerHeaders[i++] = "Content-Type";
            answerHeaders[i] = answer.contentType();
        }
        return new Object[] {answer.status(), answerHeaders, answer.body()};
    }
}
