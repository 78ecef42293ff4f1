package org.ibal.gateway.lambda;

/** How an integration call ended, as API Gateway sees it. */
public sealed interface Outcome {
    record Success(byte[] response) implements Outcome {}

    record Failed(String reason) implements Outcome {}

    /** The integration timeout passed; the function may still be running. */
    record TimedOut() implements Outcome {}
}
