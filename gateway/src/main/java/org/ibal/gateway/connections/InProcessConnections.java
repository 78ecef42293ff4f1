package org.ibal.gateway.connections;

import java.util.function.BiFunction;

/**
 * Offers this gateway's {@code @connections} to the functions it runs, in-process: their PostToConnection calls to
 * the gateway's own endpoint are handed to {@link ConnectionsEndpoint} as a method call instead of a signed loopback
 * HTTP request (the functions' side is {@code org.ibal.functions.config.InProcessPushes}). The hand-off crosses the
 * functions' class loader, so it is published as two JVM system properties in JDK types only: the endpoint it serves
 * (the functions' {@code MANAGEMENT_API_ENDPOINT}) and a {@code BiFunction<String[], byte[], Object[]>} taking
 * {@code {method, raw path}} and the body, answering {@code {Integer status, String x-amzn-ErrorType or null, byte[]
 * body}}. Nothing reaches it from the network: calls arriving there (from other replicas) still pass the internal
 * listener's SigV4 check.
 */
public final class InProcessConnections implements BiFunction<String[], byte[], Object[]> {
    static final String ENDPOINT_PROPERTY = "ibal.inProcess.connectionsEndpoint";
    static final String HANDLER_PROPERTY = "ibal.inProcess.connectionsHandler";

    private final ConnectionsEndpoint endpoint;

    private InProcessConnections(ConnectionsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Offers {@code endpoint} to the functions, which push to it at {@code managementApiEndpoint}. */
    public static InProcessConnections offer(String managementApiEndpoint, ConnectionsEndpoint endpoint) {
        InProcessConnections offered = new InProcessConnections(endpoint);
        System.getProperties().put(HANDLER_PROPERTY, offered);
        System.setProperty(ENDPOINT_PROPERTY, managementApiEndpoint);
        return offered;
    }

    /** Withdraws the offer (the gateway is stopping), unless another gateway in this JVM has made its own since. */
    public void withdraw() {
        if (System.getProperties().remove(HANDLER_PROPERTY, this)) {
            System.clearProperty(ENDPOINT_PROPERTY);
        }
    }

    @Override
    public Object[] apply(String[] call, byte[] body) {
        ConnectionsEndpoint.Answer answer = endpoint.handleInProcess(call[0], call[1], body);
        return new Object[] {answer.status(), answer.errorType(), answer.body()};
    }
}
