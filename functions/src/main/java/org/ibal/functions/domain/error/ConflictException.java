package org.ibal.functions.domain.error;

/** The resource exists already (e.g. a taken username); pick another. */
public class ConflictException extends IbalException {
    public ConflictException(String message) {
        super(message);
    }
}
