package org.ibal.functions.domain.error;

/** The caller is signed in but their role does not allow this (403 {@code forbidden}). */
public class ForbiddenException extends IbalException {
    public ForbiddenException(String message) {
        super(message);
    }
}
