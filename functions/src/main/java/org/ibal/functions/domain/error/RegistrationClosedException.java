package org.ibal.functions.domain.error;

/** {@code REGISTRATION_POLICY=closed}: this IBAL creates no accounts; sign in through the LMS or ask an admin. */
public class RegistrationClosedException extends IbalException {
    public RegistrationClosedException() {
        super("registration is closed on this server; sign in through your course or ask your teacher");
    }
}
