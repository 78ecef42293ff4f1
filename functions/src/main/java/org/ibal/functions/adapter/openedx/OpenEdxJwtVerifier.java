package org.ibal.functions.adapter.openedx;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ibal.functions.domain.error.SignInFailedException;
import org.ibal.functions.domain.port.OpenEdxTokenExchange.Identity;

/**
 * Verifies the JWT access token Open edX's {@code oauth_dispatch} issues for {@code token_type=jwt} with
 * {@code asymmetric_jwt=true}: RS512 (its default) or RS256 only, against the LMS's public JWK set. The LMS adds
 * a {@code kid} header only when JWT_AUTH_ADD_KID_HEADER is on, so without one every key of the set is tried.
 */
public final class OpenEdxJwtVerifier {
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS512, JWSAlgorithm.RS256);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final String LEARNER_MESSAGE = "The LMS's answer could not be verified, so you are not signed in. "
            + "Ask your administrator to check IBAL's Open edX settings.";

    private final List<RSAKey> keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public OpenEdxJwtVerifier(List<RSAKey> keys, String issuer, String audience, Clock clock) {
        this.keys = List.copyOf(keys);
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * The RSA public keys of {@code OPENEDX_JWK_SET} (the LMS's JWT_PUBLIC_SIGNING_JWK_SET).
     *
     * @throws IllegalStateException when it is not a JWK set holding at least one RSA key
     */
    public static List<RSAKey> parseKeySet(String jwkSetJson) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwkSetJson);
        } catch (ParseException e) {
            throw new IllegalStateException("OPENEDX_JWK_SET is not a JWK set ({\"keys\":[...]}): " + e.getMessage());
        }
        List<RSAKey> rsa = set.getKeys().stream()
                .filter(RSAKey.class::isInstance)
                .map(RSAKey.class::cast)
                .map(RSAKey::toPublicJWK)
                .toList();
        if (rsa.isEmpty()) {
            throw new IllegalStateException("OPENEDX_JWK_SET holds no RSA key; Open edX signs its JWTs with RSA");
        }
        return rsa;
    }

    /** @throws SignInFailedException {@code invalid_token} for a token that does not verify */
    public Identity verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw invalid("the LMS token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALLOWED.contains(header.getAlgorithm())) {
            throw invalid("LMS token algorithm not allowed: " + header.getAlgorithm());
        }
        List<RSAKey> candidates = keys.stream()
                .filter(key -> header.getKeyID() == null || header.getKeyID().equals(key.getKeyID()))
                .filter(key -> key.getAlgorithm() == null || key.getAlgorithm().equals(header.getAlgorithm()))
                .toList();
        if (candidates.isEmpty()) {
            throw invalid("no key in OPENEDX_JWK_SET for the LMS token's kid/alg");
        }
        if (candidates.stream().noneMatch(key -> verifies(jwt, key))) {
            throw invalid("LMS token signature does not verify");
        }
        checkClaims(claims);
        try {
            return new Identity(
                    claims.getIssuer(),
                    claims.getSubject(),
                    claims.getStringClaim("preferred_username"),
                    claims.getStringClaim("name"));
        } catch (ParseException e) {
            throw invalid("LMS token claims of the wrong type");
        }
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            return jwt.verify(new RSASSAVerifier((RSAKey) key));
        } catch (JOSEException e) {
            return false;
        }
    }

    private void checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("LMS token from the wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw invalid("LMS token for the wrong audience");
        }
        if (claims.getExpirationTime() == null
                || !claims.getExpirationTime().toInstant().plus(CLOCK_SKEW).isAfter(now)) {
            throw invalid("LMS token expired");
        }
        if (claims.getIssueTime() != null
                && claims.getIssueTime().toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw invalid("LMS token issued in the future");
        }
        if (claims.getClaim("version") == null) {
            throw invalid("LMS token without a version claim");
        }
        if (blank(claims.getSubject())
                || !(claims.getClaim("preferred_username") instanceof String username)
                || username.isBlank()) {
            throw invalid("LMS token without sub or preferred_username");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static SignInFailedException invalid(String reason) {
        return new SignInFailedException("invalid_token", LEARNER_MESSAGE, reason);
    }
}
