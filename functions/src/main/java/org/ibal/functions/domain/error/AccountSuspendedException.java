package org.ibal.functions.domain.error;

/** A teacher or admin suspended this account: no sign-in, refresh or ticket (403 {@code account_suspended}). */
public class AccountSuspendedException extends IbalException {
    public AccountSuspendedException() {
        super("this account is suspended; ask your teacher");
    }
}
