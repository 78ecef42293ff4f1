package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.List;
import org.ibal.functions.domain.error.UnauthorizedException;

/** Checks the seamless-mode assertion the XBlock's LMS handler signs (docs/protocol.md, "Seamless mode"). */
public interface LmsAssertionVerifier {
    /**
     * Verifies signature, algorithm, issuer, audience and lifetime; does not check replay.
     *
     * @throws UnauthorizedException for any assertion that is not valid now
     */
    LmsAssertion verify(String assertion);

    /** The assertion's claims; any string may be null when the claim is absent. */
    record LmsAssertion(
            String issuer,
            String subject,
            String username,
            String name,
            String courseId,
            String blockId,
            String chatflowId,
            List<String> roles,
            String jti,
            Instant expiresAt) {}
}
