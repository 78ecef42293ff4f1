package org.ibal.functions.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ibal.functions.adapter.token.NimbusTokenService;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.support.MutableClock;
import org.ibal.functions.support.TestKeys;
import org.junit.jupiter.api.Test;

class NimbusTokenServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final NimbusTokenService tokens =
            new NimbusTokenService(TestKeys.ecKey("k-2026"), "ibal", "ibal", Duration.ofMinutes(15), clock);

    @Test
    void issue_signsES256_withKidAndTheProtocolsClaims_andVerifyReadsThemBack() throws Exception {
        // given
        Principal learner = new Principal(
                "u_anon42",
                "ada",
                "Ada L.",
                "lms",
                new CourseContext("course-v1:Org+CS101+2026", "block-v1:x", "flow-7", List.of("student")));

        // when
        String token = tokens.issue(learner).token();
        SignedJWT jwt = SignedJWT.parse(token);

        // then
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k-2026");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getClaims().keySet())
                .contains(
                        "iss",
                        "aud",
                        "sub",
                        "exp",
                        "iat",
                        "nbf",
                        "jti",
                        "provider",
                        "username",
                        "name",
                        "course_id",
                        "block_id",
                        "chatflow_id",
                        "roles");
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(tokens.verify(token)).isEqualTo(learner);
    }

    @Test
    void verify_acceptsATokenUntilItExpires_withinThirtySecondsOfSkew() {
        String token =
                tokens.issue(new Principal("u_1", "ada", "Ada", "local", null)).token();

        clock.advance(Duration.ofMinutes(15).plusSeconds(29));
        assertThat(tokens.verify(token).userId()).isEqualTo("u_1");

        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((UnauthorizedException) e).reason()).isEqualTo("expired"));
    }

    @Test
    void verify_refusesATokenFromAnotherIssuerInstance_withTheSameKidButAnotherKey() {
        var other = new NimbusTokenService(TestKeys.ecKey("k-2026"), "ibal", "ibal", Duration.ofMinutes(15), clock);
        String forged =
                other.issue(new Principal("u_1", "ada", "Ada", "local", null)).token();

        assertThatThrownBy(() -> tokens.verify(forged))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("invalid or expired credentials; sign in again");
    }
}
