package org.ibal.functions.domain.classes;

import java.time.Instant;

/**
 * What the console records about an account beyond its sign-in data.
 *
 * @param promotedRole  {@link Role#TEACHER} when an admin promoted the account, else null
 * @param revokedBefore refresh tokens issued before this instant are refused (revoke all sessions), or null
 */
public record Account(String userId, Role promotedRole, boolean suspended, Instant revokedBefore) {
    public static Account plain(String userId) {
        return new Account(userId, null, false, null);
    }
}
