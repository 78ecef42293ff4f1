package org.ibal.functions.domain.error;

/** The session does not exist or belongs to someone else (the two are indistinguishable on purpose). */
public class SessionNotFoundException extends IbalException {
    public SessionNotFoundException() {
        super("session not found");
    }
}
