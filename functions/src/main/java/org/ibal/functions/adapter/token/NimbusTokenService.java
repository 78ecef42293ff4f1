package org.ibal.functions.adapter.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.TokenService;

/**
 * ES256 access tokens and WebSocket tickets. Verification accepts exactly ES256 with our {@code kid} (no
 * {@code none}, no HS* downgrade) and the expected {@code typ} — {@code JWT} for access tokens,
 * {@value #TICKET_TYPE} for tickets, so neither passes for the other (RFC 8725, explicit typing) — then checks
 * issuer, audience, expiry and not-before against the injected clock.
 */
public final class NimbusTokenService implements TokenService {
    /** Only algorithm accepted: an explicit allow-list of one. */
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256);

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final String TICKET_TYPE = "ibal-ws-ticket+jwt";
    private static final JOSEObjectType TICKET = new JOSEObjectType(TICKET_TYPE);

    private final ECKey signingKey;
    private final ECDSASigner signer;
    private final ECDSAVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    public NimbusTokenService(ECKey signingKey, String issuer, String audience, Duration ttl, Clock clock) {
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
        try {
            this.signer = new ECDSASigner(signingKey);
            this.verifier = new ECDSAVerifier(signingKey.toPublicJWK());
        } catch (JOSEException e) {
            throw new IllegalStateException("JWT signing key is unusable: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the signing key, failing with a message that says what to fix.
     *
     * @throws IllegalStateException unless it is a private EC P-256 JWK with a {@code kid}
     */
    public static ECKey parseSigningKey(String jwkJson) {
        if (jwkJson == null || jwkJson.isBlank()) {
            throw new IllegalStateException("No JWT signing key: set JWT_SIGNING_KEY to a private EC P-256 JWK "
                    + "(JSON with \"kid\"), or JWT_SIGNING_KEY_PARAMETER to the SSM SecureString holding one");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException e) {
            throw new IllegalStateException("JWT signing key is not a JWK JSON object: " + e.getMessage());
        }
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new IllegalStateException("JWT signing key must be an EC key on curve P-256 (kty EC, crv P-256)");
        }
        if (!ec.isPrivate()) {
            throw new IllegalStateException("JWT signing key must be the private key (with \"d\")");
        }
        if (ec.getKeyID() == null || ec.getKeyID().isBlank()) {
            throw new IllegalStateException("JWT signing key needs a \"kid\"");
        }
        return ec;
    }

    @Override
    public AccessToken issue(Principal principal) {
        return new AccessToken(sign(JOSEObjectType.JWT, principal, clock.instant(), ttl, Ids.jti()), ttl.toSeconds());
    }

    @Override
    public IssuedTicket issueTicket(Principal principal, Duration ticketTtl) {
        Instant now = clock.instant();
        return new IssuedTicket(sign(TICKET, principal, now, ticketTtl, Ids.jti()), now.plus(ticketTtl));
    }

    private String sign(JOSEObjectType type, Principal principal, Instant now, Duration lifetime, String id) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(principal.userId())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(id)
                .claim("provider", principal.provider())
                .claim("username", principal.username())
                .claim("name", principal.displayName());
        CourseContext course = principal.course();
        if (course != null) {
            claims.claim("course_id", course.courseId())
                    .claim("block_id", course.blockId())
                    .claim("chatflow_id", course.chatflowId())
                    .claim("roles", course.roles());
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(type)
                        .keyID(signingKey.getKeyID())
                        .build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a " + type, e);
        }
        return jwt.serialize();
    }

    @Override
    public Principal verify(String token) {
        JWTClaimsSet claims = verified(token, JOSEObjectType.JWT);
        checkClaims(claims, CLOCK_SKEW);
        return principalOf(claims);
    }

    @Override
    public VerifiedTicket verifyTicket(String ticket) {
        JWTClaimsSet claims = verified(ticket, TICKET);
        checkClaims(claims, Duration.ZERO);
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw UnauthorizedException.badToken("ticket without an id");
        }
        return new VerifiedTicket(
                principalOf(claims),
                claims.getJWTID(),
                claims.getExpirationTime().toInstant());
    }

    /** The claims of a compact JWS signed by our key with the expected {@code typ}. */
    private JWTClaimsSet verified(String token, JOSEObjectType expectedType) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw UnauthorizedException.badToken("malformed token");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALLOWED.contains(header.getAlgorithm())) {
            throw UnauthorizedException.badToken("algorithm not allowed: " + header.getAlgorithm());
        }
        if (!signingKey.getKeyID().equals(header.getKeyID())) {
            throw UnauthorizedException.badToken("unknown key id");
        }
        if (!expectedType.equals(header.getType())) {
            throw UnauthorizedException.badToken("wrong token type: " + header.getType());
        }
        try {
            if (!jwt.verify(verifier)) {
                throw UnauthorizedException.badToken("bad signature");
            }
        } catch (JOSEException e) {
            throw UnauthorizedException.badToken("signature check failed");
        }
        return claims;
    }

    private static Principal principalOf(JWTClaimsSet claims) {
        try {
            return principal(claims);
        } catch (ParseException | RuntimeException e) {
            throw UnauthorizedException.badToken("ill-typed claims");
        }
    }

    private void checkClaims(JWTClaimsSet claims, Duration skew) {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw UnauthorizedException.badToken("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw UnauthorizedException.badToken("wrong audience");
        }
        if (claims.getExpirationTime() == null
                || !claims.getExpirationTime().toInstant().plus(skew).isAfter(now)) {
            throw UnauthorizedException.badToken("expired");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw UnauthorizedException.badToken("not yet valid");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw UnauthorizedException.badToken("no subject");
        }
    }

    private static Principal principal(JWTClaimsSet claims) throws ParseException {
        String courseId = claims.getStringClaim("course_id");
        CourseContext course = courseId == null
                ? null
                : new CourseContext(
                        courseId,
                        claims.getStringClaim("block_id"),
                        claims.getStringClaim("chatflow_id"),
                        claims.getStringListClaim("roles") == null ? List.of() : claims.getStringListClaim("roles"));
        String provider = claims.getStringClaim("provider");
        return new Principal(
                claims.getSubject(),
                claims.getStringClaim("username"),
                claims.getStringClaim("name"),
                provider == null ? Principal.LOCAL : provider,
                course);
    }
}
