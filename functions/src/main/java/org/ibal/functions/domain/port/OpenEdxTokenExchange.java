package org.ibal.functions.domain.port;

import org.ibal.functions.domain.error.SignInFailedException;

/** The LMS's OAuth2 token endpoint: trades an authorization code for the learner's verified identity. */
public interface OpenEdxTokenExchange {
    /**
     * @throws SignInFailedException when the LMS refuses the code, cannot be reached in time, or answers a token
     *                               that does not verify
     */
    Identity exchange(String code, String redirectUri, String codeVerifier);

    /**
     * What a verified Open edX JWT says about the learner.
     *
     * @param issuer  the JWT's {@code iss}, which scopes {@code subject}
     * @param subject the LMS's stable anonymous id for the user
     * @param name    full name; null when the LMS did not share it
     */
    record Identity(String issuer, String subject, String username, String name) {}
}
