package org.ibal.functions.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Takes the store away while switched on: every request the client sends goes to a local port nobody listens on, so
 * the SDK meets a real connection refusal (and retries it as it would a DynamoDB endpoint that is down).
 */
public final class StoreOutage implements ExecutionInterceptor {
    private final int deadPort = closedPort();
    private volatile boolean down;
    /** Requests that get through before the outage starts (-1: none is counted). */
    private volatile int passBeforeDown = -1;

    public void start() {
        down = true;
    }

    /** The store goes down after {@code requests} more requests succeed. */
    public void startAfter(int requests) {
        passBeforeDown = requests;
    }

    public void end() {
        down = false;
        passBeforeDown = -1;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        synchronized (this) {
            if (!down && passBeforeDown >= 0) {
                if (passBeforeDown == 0) {
                    down = true;
                } else {
                    passBeforeDown--;
                }
            }
        }
        if (!down) {
            return context.httpRequest();
        }
        return context.httpRequest().toBuilder()
                .host("127.0.0.1")
                .port(deadPort)
                .build();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free again once closed: connections are refused
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
