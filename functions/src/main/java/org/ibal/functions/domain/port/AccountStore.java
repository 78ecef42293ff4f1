package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.List;
import org.ibal.functions.domain.classes.Account;
import org.ibal.functions.domain.classes.Role;

/** Console state of accounts: promotion, suspension, session revocation; and one-time password-reset tokens. */
public interface AccountStore {
    /** The account's state; {@link Account#plain} when nothing was ever set. */
    Account find(String userId);

    void setPromotedRole(String userId, Role role);

    void setSuspended(String userId, boolean suspended);

    void revokeSessionsBefore(String userId, Instant before);

    /** Stores a reset token (by its hash) for the user until {@code expiresAt}. */
    void saveResetToken(String tokenHash, String userId, Instant expiresAt);

    /**
     * Deletes the reset token and answers whose it was — once: a second use, or an expired token, answers null.
     */
    String consumeResetToken(String tokenHash, Instant now);

    /** Forgets the account's console state (account deletion). */
    void delete(String userId);

    /** Local accounts for the admin list, newest first, {@code limit} at a time. */
    UserPage listUsers(int limit, String cursor);

    record UserRow(String userId, String username, Instant createdAt) {}

    record UserPage(List<UserRow> users, String next) {}
}
