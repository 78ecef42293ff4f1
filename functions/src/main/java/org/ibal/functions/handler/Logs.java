package org.ibal.functions.handler;

import org.slf4j.MDC;

/**
 * Request context for the JSON log lines (MDC keys requestId, connectionId, sessionId). Values are ids only:
 * never put a token, ticket, password or refresh token here or in a log message.
 */
public final class Logs {
    private Logs() {}

    public static Scope scope(String requestId, String connectionId) {
        put("requestId", requestId);
        put("connectionId", connectionId);
        return () -> MDC.clear();
    }

    public static void session(String sessionId) {
        put("sessionId", sessionId);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** Clears the context when the request ends. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
