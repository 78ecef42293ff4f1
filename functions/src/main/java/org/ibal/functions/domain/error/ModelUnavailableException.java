package org.ibal.functions.domain.error;

/** The model failed to answer. When retryable, resend with the same clientMessageId. */
public class ModelUnavailableException extends IbalException {
    private final boolean retryable;

    public ModelUnavailableException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
