package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;
import org.ibal.functions.domain.Principal;

/**
 * Who a refresh-token family was minted for when it is not a local account (Open edX and LMS sign-ins have no
 * {@code User} row): a refresh then re-mints the same provider, name and course context.
 */
public interface FamilyPrincipalStore {
    void save(String familyId, Principal principal, Instant keepUntil);

    Optional<Principal> find(String familyId);
}
