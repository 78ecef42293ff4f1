package org.ibal.functions.domain.error;

/** {@code REGISTRATION_POLICY=invite} and the invite code is unknown, expired or used up. Ask for a new one. */
public class InvalidInviteException extends IbalException {
    public InvalidInviteException() {
        super("this invite code is not valid (unknown, expired or used up); ask your teacher for a new one");
    }
}
