package org.ibal.functions.adapter.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.LmsAssertionVerifier;

/**
 * The XBlock's seamless-mode assertion: RS256 only (no {@code none}, no HS256 signed with the public key), the
 * configured key's {@code kid}, then issuer, audience, expiry and a lifetime of at most a minute.
 */
public final class NimbusLmsAssertionVerifier implements LmsAssertionVerifier {
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final int MIN_KEY_BITS = 2048;

    private final RSAKey publicKey;
    private final RSASSAVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public NimbusLmsAssertionVerifier(RSAKey publicKey, String issuer, String audience, Clock clock) {
        this.publicKey = publicKey;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        try {
            this.verifier = new RSASSAVerifier(publicKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("LMS_ASSERTION_PUBLIC_JWK is unusable: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalStateException unless it is an RSA JWK of at least 2048 bits with a {@code kid}; only its
     *                               public part is kept
     */
    public static RSAKey parsePublicKey(String jwkJson) {
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException e) {
            throw new IllegalStateException("LMS_ASSERTION_PUBLIC_JWK is not a JWK JSON object: " + e.getMessage());
        }
        if (!(jwk instanceof RSAKey rsa)) {
            throw new IllegalStateException("LMS_ASSERTION_PUBLIC_JWK must be an RSA key (kty RSA)");
        }
        if (rsa.getKeyID() == null || rsa.getKeyID().isBlank()) {
            throw new IllegalStateException("LMS_ASSERTION_PUBLIC_JWK needs a \"kid\"");
        }
        if (rsa.size() < MIN_KEY_BITS) {
            throw new IllegalStateException("LMS_ASSERTION_PUBLIC_JWK must have at least 2048 bits");
        }
        return rsa.toPublicJWK();
    }

    @Override
    public LmsAssertion verify(String assertion) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw UnauthorizedException.badToken("malformed assertion");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw UnauthorizedException.badToken("assertion algorithm not allowed: " + header.getAlgorithm());
        }
        if (header.getKeyID() != null && !header.getKeyID().equals(publicKey.getKeyID())) {
            throw UnauthorizedException.badToken("assertion signed with an unknown key id");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw UnauthorizedException.badToken("assertion signature does not verify");
            }
        } catch (JOSEException e) {
            throw UnauthorizedException.badToken("assertion signature check failed");
        }
        checkClaims(claims);
        try {
            List<String> roles = claims.getStringListClaim("roles");
            return new LmsAssertion(
                    claims.getIssuer(),
                    claims.getSubject(),
                    claims.getStringClaim("username"),
                    claims.getStringClaim("name"),
                    claims.getStringClaim("course_id"),
                    claims.getStringClaim("block_id"),
                    claims.getStringClaim("chatflow_id"),
                    roles == null ? List.of() : roles,
                    claims.getJWTID(),
                    claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw UnauthorizedException.badToken("assertion claims of the wrong type");
        }
    }

    private void checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw UnauthorizedException.badToken("assertion from the wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw UnauthorizedException.badToken("assertion for the wrong audience");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw UnauthorizedException.badToken("assertion without exp or iat");
        }
        if (!exp.toInstant().plus(CLOCK_SKEW).isAfter(now)) {
            throw UnauthorizedException.badToken("assertion expired");
        }
        if (iat.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw UnauthorizedException.badToken("assertion issued in the future");
        }
        Duration lifetime = Duration.between(iat.toInstant(), exp.toInstant());
        if (lifetime.isNegative() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw UnauthorizedException.badToken("assertion lifetime over " + MAX_LIFETIME.toSeconds() + " s");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw UnauthorizedException.badToken("assertion not yet valid");
        }
    }
}
