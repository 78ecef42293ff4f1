package org.ibal.functions.domain.error;

/** Too many requests in the current window; retry after a short wait. */
public class RateLimitedException extends IbalException {
    public RateLimitedException(String message) {
        super(message);
    }
}
