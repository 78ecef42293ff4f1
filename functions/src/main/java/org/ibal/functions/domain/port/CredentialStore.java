package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;

/** Refresh tokens (keyed by the SHA-256 of the secret) and their families. */
public interface CredentialStore {
    void saveRefreshToken(RefreshToken token);

    Optional<RefreshToken> findRefreshToken(String tokenHash);

    /** Marks a refresh token used. @return false if it was used already (a reuse) */
    boolean markRotated(String tokenHash, Instant now);

    void revokeFamily(String familyId, Instant revokedAt, Instant keepUntil);

    boolean isFamilyRevoked(String familyId);

    record RefreshToken(String tokenHash, String userId, String familyId, Instant expiresAt) {}
}
