package org.ibal.functions.domain.error;

/** The user's daily message quota (UTC day) is used up; it resets at midnight UTC. */
public class QuotaExceededException extends IbalException {
    public QuotaExceededException(int quota) {
        super("daily quota of " + quota + " messages reached; it resets at 00:00 UTC");
    }
}
