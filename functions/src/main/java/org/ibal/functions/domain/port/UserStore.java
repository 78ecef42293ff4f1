package org.ibal.functions.domain.port;

import java.util.Optional;
import org.ibal.functions.domain.User;

/** Local accounts, unique by (case-folded) username. */
public interface UserStore {
    /** @return false if the username is taken (nothing is written then) */
    boolean create(User user);

    Optional<User> findByUsername(String username);

    Optional<User> findById(String userId);

    /** Replaces the password hash (a reset link was used). */
    void updatePasswordHash(User user, String passwordHash);

    /** Deletes the account's sign-in data (the learner deleted their account); its username is free again. */
    void delete(User user);
}
