package org.ibal.functions.domain.auth;

import java.time.Duration;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.LmsAssertionVerifier;
import org.ibal.functions.domain.port.LmsAssertionVerifier.LmsAssertion;
import org.ibal.functions.domain.port.ReplayGuard;

/** Seamless mode: trades the XBlock's signed, single-use assertion for IBAL tokens with the course context. */
public final class LmsSignIn {
    public static final String PROVIDER = "lms";
    /** Kept past the assertion's expiry by the verifier's clock-skew allowance, so no replay slips through. */
    private static final Duration REPLAY_MEMORY_AFTER_EXPIRY = Duration.ofMinutes(2);

    private static final int MAX_JTI_LENGTH = 128;

    private final LmsAssertionVerifier verifier;
    private final ReplayGuard replays;
    private final ExternalTokenIssuer issuer;

    public LmsSignIn(LmsAssertionVerifier verifier, ReplayGuard replays, ExternalTokenIssuer issuer) {
        this.verifier = verifier;
        this.replays = replays;
        this.issuer = issuer;
    }

    /**
     * @throws InvalidInputException when the assertion is missing, or valid but lacks a learner or course claim
     * @throws UnauthorizedException for a bad, expired or replayed assertion
     */
    public Tokens signIn(String assertion) {
        if (assertion == null || assertion.isBlank()) {
            throw new InvalidInputException("assertion is required");
        }
        LmsAssertion claims = verifier.verify(assertion);
        if (claims.jti() == null || claims.jti().isBlank() || claims.jti().length() > MAX_JTI_LENGTH) {
            throw UnauthorizedException.badToken("assertion without a usable jti");
        }
        require(claims.subject(), "sub");
        require(claims.username(), "username");
        require(claims.courseId(), "course_id");
        require(claims.blockId(), "block_id");
        if (!replays.firstUse(
                "lms#" + claims.issuer() + "#" + claims.jti(),
                claims.expiresAt().plus(REPLAY_MEMORY_AFTER_EXPIRY))) {
            throw UnauthorizedException.badToken("assertion replayed");
        }
        String displayName = claims.name() == null || claims.name().isBlank() ? claims.username() : claims.name();
        CourseContext course = new CourseContext(
                claims.courseId(),
                claims.blockId(),
                claims.chatflowId() == null || claims.chatflowId().isBlank() ? null : claims.chatflowId(),
                claims.roles());
        return issuer.issue(new Principal(
                ExternalTokenIssuer.userId("lms_", claims.issuer(), claims.subject()),
                claims.username(),
                displayName,
                PROVIDER,
                course));
    }

    private static void require(String value, String claim) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("the assertion has no " + claim + " claim; the XBlock must send it");
        }
    }
}
