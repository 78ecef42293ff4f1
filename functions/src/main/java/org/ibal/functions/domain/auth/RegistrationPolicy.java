package org.ibal.functions.domain.auth;

import java.util.Locale;

/** Who may create a local account ({@code REGISTRATION_POLICY}). */
public enum RegistrationPolicy {
    /** Anyone (within the per-address attempt limit). */
    OPEN,
    /** Only with a valid {@code inviteCode}, redeemed through the {@link org.ibal.functions.domain.port.Invites} port. */
    INVITE,
    /** Nobody: register answers 403 {@code registration_closed} (accounts come from Open edX, or an admin). */
    CLOSED;

    /** @throws IllegalStateException naming the setting for anything but open / invite / closed */
    public static RegistrationPolicy parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "REGISTRATION_POLICY must be open, invite or closed, not \"" + value + "\"");
        }
    }
}
