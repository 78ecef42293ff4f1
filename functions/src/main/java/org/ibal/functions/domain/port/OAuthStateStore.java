package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.Optional;

/** Pending OAuth2 authorizations, keyed by the SHA-256 of their {@code state}: each can be finished once. */
public interface OAuthStateStore {
    void save(PendingAuthorization pending);

    /** Deletes the authorization and returns it, atomically. Empty if unknown, already used or expired. */
    Optional<PendingAuthorization> consume(String stateHash, Instant now);

    /**
     * @param browserHash  SHA-256 of the nonce in the browser's cookie: the callback must come from that browser
     * @param codeVerifier the PKCE secret, sent only to the LMS token endpoint
     * @param origin       the LMS page origin the result is posted to (already checked against ALLOWED_ORIGINS)
     * @param redirectUri  the callback URL sent to the LMS, which must be sent again with the code
     */
    record PendingAuthorization(
            String stateHash,
            String browserHash,
            String codeVerifier,
            String origin,
            String redirectUri,
            Instant expiresAt) {}
}
