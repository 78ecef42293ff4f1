package org.ibal.functions.domain.port;

/** Starts a function without waiting for it (Lambda's {@code InvocationType=Event}). */
@FunctionalInterface
public interface AsyncInvoker {
    /**
     * Queues {@code event} for {@code function} (a name or ARN, optionally with an alias) and returns at once.
     *
     * @throws IllegalStateException when the invocation was not accepted (the event will not run)
     */
    void invokeAsync(String function, String event);
}
