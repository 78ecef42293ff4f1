package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Invite codes, for {@code REGISTRATION_POLICY=invite}. The class console (issue 10) issues them; until it does,
 * the wired adapter knows no code, so an invite-only IBAL admits nobody.
 */
public interface Invites {
    /**
     * Spends one use of {@code code} for the account {@code username} is about to get. Called after every other
     * check has passed, just before the account is written.
     *
     * @return the invite redeemed; empty when the code is unknown, expired or used up (then nothing is spent)
     */
    Optional<Invite> redeem(String code, String username, Instant now);

    /** @param code the code as redeemed */
    record Invite(String code) {
    }
}
