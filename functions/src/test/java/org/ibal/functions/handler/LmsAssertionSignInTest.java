package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.LmsStandIn;
import org.ibal.functions.support.SignInStack;
import org.ibal.functions.support.SignInStack.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seamless mode: the XBlock's LMS handler signs an assertion, {@code POST /api/auth/lms} trades it for tokens. */
@ExtendWith(DynamoDbLocal.class)
class LmsAssertionSignInTest {
    private static final RSAKey XBLOCK_KEY = LmsStandIn.rsa("xblock-key-1");
    private static final RSAKey OTHER_KEY = LmsStandIn.IMPOSTOR_KEY;

    private final SignInStack stack = new SignInStack(
            SignInStack.newClock(),
            Map.of("LMS_ASSERTION_PUBLIC_JWK", XBLOCK_KEY.toPublicJWK().toJSONString()),
            Duration.ofSeconds(1));

    /** The claims the XBlock's {@code sign_assertion} sends, at the stack's current time. */
    private JWTClaimsSet.Builder claims() {
        Instant now = stack.clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer("ibal-xblock")
                .audience("ibal")
                .subject("a3f2c1e0anonymous")
                .claim("username", "grace")
                .claim("name", "Grace Hopper")
                .claim("course_id", "course-v1:IBAL+CS101+2026")
                .claim("block_id", "block-v1:IBAL+CS101+2026+type@ibal+block@chat1")
                .claim("chatflow_id", "flow-42")
                .claim("roles", List.of("student"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString().replace("-", ""));
    }

    private static String sign(JWTClaimsSet.Builder claims, RSAKey key) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private String assertion(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims()), XBLOCK_KEY);
    }

    private Response exchange(String assertion) {
        return stack.post("/api/auth/lms", "{\"assertion\":\"" + assertion + "\"}");
    }

    @Test
    void aValidAssertion_isTradedForTokens_carryingTheCourseContext() {
        // when
        Response response = exchange(assertion(UnaryOperator.identity()));

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Principal principal = stack.verify(response.json().get("accessToken").asString());
        assertThat(principal.provider()).isEqualTo("lms");
        assertThat(principal.username()).isEqualTo("grace");
        assertThat(principal.displayName()).isEqualTo("Grace Hopper");
        assertThat(principal.userId()).startsWith("lms_");
        assertThat(principal.course().courseId()).isEqualTo("course-v1:IBAL+CS101+2026");
        assertThat(principal.course().blockId()).isEqualTo("block-v1:IBAL+CS101+2026+type@ibal+block@chat1");
        assertThat(principal.course().chatflowId()).isEqualTo("flow-42");
        assertThat(principal.course().roles()).containsExactly("student");
        assertThat(response.json().get("user").get("username").asString()).isEqualTo("grace");
        assertThat(response.json().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(stack.items("JTI#"))
                .singleElement()
                .satisfies(item -> assertThat(item).containsKey("ttl"));
    }

    @Test
    void theRefreshToken_keepsTheCourseContext() {
        // given
        String refreshToken = exchange(assertion(UnaryOperator.identity()))
                .json()
                .get("refreshToken")
                .asString();

        // when
        Response refreshed = stack.post("/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");

        // then
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        Principal principal = stack.verify(refreshed.json().get("accessToken").asString());
        assertThat(principal.provider()).isEqualTo("lms");
        assertThat(principal.course().chatflowId()).isEqualTo("flow-42");
    }

    @Test
    void anEmptyNameAndChatflow_fallBackToTheUsernameAndNoChatflow() {
        // when
        Response response = exchange(assertion(c -> c.claim("name", "").claim("chatflow_id", "")));

        // then
        Principal principal = stack.verify(response.json().get("accessToken").asString());
        assertThat(principal.displayName()).isEqualTo("grace");
        assertThat(principal.course().chatflowId()).isNull();
    }

    @Test
    void aReplayedJti_isRefused() {
        // given
        String once = assertion(UnaryOperator.identity());
        assertThat(exchange(once).status()).isEqualTo(200);

        // when
        Response replay = exchange(once);

        // then
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("error").get("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void expiredWrongIssuerWrongAudienceTooLongLivedOrForeignKey_areUnauthorized() {
        Instant now = stack.clock.instant();
        Map<String, String> bad = Map.of(
                "expired",
                        assertion(c -> c.issueTime(Date.from(now.minusSeconds(120)))
                                .expirationTime(Date.from(now.minusSeconds(60)))),
                "lifetime over 60 s", assertion(c -> c.expirationTime(Date.from(now.plusSeconds(61)))),
                "issued in the future",
                        assertion(c -> c.issueTime(Date.from(now.plusSeconds(300)))
                                .expirationTime(Date.from(now.plusSeconds(330)))),
                "wrong issuer", assertion(c -> c.issuer("someone-else")),
                "wrong audience", assertion(c -> c.audience("openedx")),
                "no jti", assertion(c -> c.jwtID(null)),
                "no exp", assertion(c -> c.expirationTime(null)),
                "signed by another key", sign(claims(), OTHER_KEY),
                "signed by another key with the same kid",
                        sign(
                                claims(),
                                new RSAKey.Builder(OTHER_KEY)
                                        .keyID(XBLOCK_KEY.getKeyID())
                                        .build()),
                "not a JWT", "not-a-jwt");

        bad.forEach((problem, assertion) -> {
            // when
            Response response = exchange(assertion);

            // then
            assertThat(response.status()).as(problem).isEqualTo(401);
            assertThat(response.json().get("error").get("code").asString())
                    .as(problem)
                    .isEqualTo("unauthorized");
        });
        assertThat(stack.items("REFRESH#")).isEmpty();
    }

    @Test
    void anHs256AssertionKeyedWithThePublicKey_isUnauthorized() throws Exception {
        // given: the classic algorithm confusion, HMAC with the public key's bytes as the secret
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(XBLOCK_KEY.getKeyID())
                        .build(),
                claims().build());
        forged.sign(new MACSigner(XBLOCK_KEY.toPublicJWK().toJSONString().getBytes()));
        String unsigned = claims().build().toString();
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned.getBytes()) + ".";

        // when
        Response hs256 = exchange(forged.serialize());
        Response algNone = exchange(none);

        // then
        assertThat(hs256.status()).isEqualTo(401);
        assertThat(algNone.status()).isEqualTo(401);
    }

    @Test
    void aMissingField_isInvalidRequest() {
        // when
        Response noAssertion = stack.post("/api/auth/lms", "{}");
        Response noCourse = exchange(assertion(c -> c.claim("course_id", null)));
        Response noUsername = exchange(assertion(c -> c.claim("username", null)));

        // then
        for (Response response : List.of(noAssertion, noCourse, noUsername)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("error").get("code").asString()).isEqualTo("invalid_request");
        }
        assertThat(noCourse.json().get("error").get("message").asString()).contains("course_id");
    }
}
