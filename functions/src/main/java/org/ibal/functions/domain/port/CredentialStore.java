package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;
import org.ibal.functions.domain.Principal;

/** Refresh-token families and one-time WebSocket tickets, keyed by the SHA-256 of the secret. */
public interface CredentialStore {
    void saveRefreshToken(RefreshToken token);

    Optional<RefreshToken> findRefreshToken(String tokenHash);

    /** Marks a refresh token used. @return false if it was used already (a reuse) */
    boolean markRotated(String tokenHash, Instant now);

    void revokeFamily(String familyId, Instant revokedAt, Instant keepUntil);

    boolean isFamilyRevoked(String familyId);

    void saveTicket(String ticketHash, Principal principal, Instant expiresAt);

    /** Deletes the ticket and returns its principal, atomically. Empty if unknown, used or expired. */
    Optional<Principal> consumeTicket(String ticketHash, Instant now);

    record RefreshToken(String tokenHash, String userId, String familyId, Instant expiresAt) {
    }
}
