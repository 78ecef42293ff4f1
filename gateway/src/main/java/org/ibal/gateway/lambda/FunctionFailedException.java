package org.ibal.gateway.lambda;

/** The function threw, or answered Lambda's error shape ({@code errorMessage}/{@code errorType}). */
public final class FunctionFailedException extends Exception {
    public FunctionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
