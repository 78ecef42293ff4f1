package org.ibal.functions.domain.error;

/** No such class, invite or learner — or one the caller may not know exists (404 {@code not_found}). */
public class NotFoundException extends IbalException {
    public NotFoundException(String message) {
        super(message);
    }
}
