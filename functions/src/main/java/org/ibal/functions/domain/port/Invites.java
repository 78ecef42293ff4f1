package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Invite codes, for {@code REGISTRATION_POLICY=invite}: a class's teacher issues them in the console (issue 10), and
 * an account made with one joins that class.
 */
public interface Invites {
    /**
     * Spends one use of {@code code} for the account {@code username} is about to get. Called after every other
     * check has passed, just before the account is written.
     *
     * @return the invite redeemed; empty when the code is unknown, expired or used up (then nothing is spent)
     */
    Optional<Invite> redeem(String code, String username, Instant now);

    /**
     * Makes the account {@code redeem} admitted a member of the invite's class (nothing for an invite of no class).
     * Called once the account is written.
     */
    default void enrol(Invite invite, String userId, String username, Instant now) {}

    /** Gives back the use {@link #redeem} spent when the account could not be written after all. */
    default void giveBack(Invite invite) {}

    /**
     * @param code    the code as redeemed
     * @param classId the class it admits to, or null
     */
    record Invite(String code, String classId) {
        public Invite(String code) {
            this(code, null);
        }
    }
}
