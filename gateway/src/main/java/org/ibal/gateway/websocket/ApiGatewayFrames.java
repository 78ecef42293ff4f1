package org.ibal.gateway.websocket;

/**
 * The frames API Gateway itself sends on a WebSocket when a route cannot answer, byte for byte as AWS
 * writes them (including the irregular spacing), since clients may match on them.
 */
final class ApiGatewayFrames {
    private ApiGatewayFrames() {}

    static String forbidden(String connectionId, String requestId) {
        return frame("Forbidden", connectionId, requestId);
    }

    static String internalServerError(String connectionId, String requestId) {
        return frame("Internal server error", connectionId, requestId);
    }

    /** A frame the connection's rate did not allow (API Gateway's throttled route). */
    static String tooManyRequests(String connectionId, String requestId) {
        return frame("Too Many Requests", connectionId, requestId);
    }

    static String timedOut(String connectionId, String requestId) {
        return frame("Endpoint request timed out", connectionId, requestId);
    }

    private static String frame(String message, String connectionId, String requestId) {
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                + requestId + "\"}";
    }
}
