package org.ibal.functions.domain.error;

/** Base of the failures a caller can act on; handlers map each subtype to a protocol code in one place. */
public abstract class IbalException extends RuntimeException {
    protected IbalException(String message) {
        super(message);
    }

    protected IbalException(String message, Throwable cause) {
        super(message, cause);
    }
}
