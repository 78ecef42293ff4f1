package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.LmsStandIn;
import org.ibal.functions.support.MutableClock;
import org.ibal.functions.support.PopupBrowser;
import org.ibal.functions.support.PopupBrowser.Started;
import org.ibal.functions.support.SignInStack;
import org.ibal.functions.support.SignInStack.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Popup sign-in when the LMS side goes wrong: the learner declines, the LMS refuses the code, answers a token that
 * must not be trusted, is down or too slow. Each ends in a message and an {@code ibal:auth-error} for the LMS page.
 */
@ExtendWith(DynamoDbLocal.class)
class OpenEdxLmsFailureTest {
    private final MutableClock clock = SignInStack.newClock();
    private final LmsStandIn lms;
    private SignInStack stack;
    private PopupBrowser browser;

    OpenEdxLmsFailureTest() throws IOException {
        lms = new LmsStandIn(clock, SignInStack.CALLBACK_URL);
        useLmsAt(lms.url(), Duration.ofSeconds(5));
    }

    private void useLmsAt(String url, Duration timeout) {
        stack = PopupBrowser.stackFor(lms, clock, url, timeout);
        browser = new PopupBrowser(stack, lms);
    }

    @AfterEach
    void stopLms() {
        lms.close();
    }

    private static JsonNode posted(Response page) {
        JsonNode result = page.pageResult();
        assertThat(result.get("targetOrigin").asString()).isEqualTo(SignInStack.LMS_ORIGIN);
        assertThat(result.get("message").get("type").asString()).isEqualTo("ibal:auth-error");
        return result.get("message");
    }

    @Test
    void deniedConsent_endsWithAMessage_andPostsAccessDenied() throws Exception {
        // given
        lms.denyConsent = true;

        // when
        Response page = browser.signIn();

        // then
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("You did not allow IBAL to use your LMS account");
        assertThat(posted(page).get("code").asString()).isEqualTo("access_denied");
        assertThat(lms.tokenRequests).isEmpty();
    }

    static Stream<Arguments> untrustworthyTokens() {
        return Stream.of(
                Arguments.of("wrong issuer", (Consumer<LmsStandIn>)
                        lms -> lms.claims = b -> b.issuer("https://evil.example.com/oauth2")),
                Arguments.of("wrong audience", (Consumer<LmsStandIn>) lms -> lms.claims = b -> b.audience("other")),
                Arguments.of("expired", (Consumer<LmsStandIn>)
                        lms -> lms.claims = b -> b.expirationTime(Date.from(Instant.parse("2026-11-24T08:00:00Z")))),
                Arguments.of(
                        "no version claim", (Consumer<LmsStandIn>) lms -> lms.claims = b -> b.claim("version", null)),
                Arguments.of("signed by another key with the same kid", (Consumer<LmsStandIn>)
                        lms -> lms.tokenKey = LmsStandIn.IMPOSTOR_KEY),
                Arguments.of("signed by a key the set does not hold", (Consumer<LmsStandIn>)
                        lms -> lms.tokenKey = LmsStandIn.UNKNOWN_KID_KEY),
                Arguments.of("algorithm not allowed (RS384)", (Consumer<LmsStandIn>)
                        lms -> lms.tokenAlgorithm = JWSAlgorithm.RS384),
                Arguments.of(
                        "symmetric HS256 JWT", (Consumer<LmsStandIn>) lms -> lms.tokenAlgorithm = JWSAlgorithm.HS256));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untrustworthyTokens")
    void anLmsTokenThatDoesNotVerify_endsWithInvalidToken(String problem, Consumer<LmsStandIn> misbehave)
            throws Exception {
        // given
        misbehave.accept(lms);

        // when
        Response page = browser.signIn();

        // then
        assertThat(page.status()).isEqualTo(502);
        assertThat(posted(page).get("code").asString()).isEqualTo("invalid_token");
        assertThat(page.body()).doesNotContain("accessToken").doesNotContain(lms.issuedTokens.getFirst());
        assertThat(stack.items("REFRESH#")).isEmpty();
    }

    @Test
    void anLmsTokenWithoutKid_verifiesAgainstTheKeySet() throws Exception {
        // given: Open edX adds a kid only when JWT_AUTH_ADD_KID_HEADER is on, which it is not by default
        lms.kidHeader = false;

        // when
        Response page = browser.signIn();

        // then
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.pageResult().get("message").get("type").asString()).isEqualTo("ibal:auth");
    }

    @Test
    void aCodeTheLmsRefuses_endsWithExchangeFailed() throws Exception {
        // given
        Started started = browser.start();
        Map<String, String> query =
                new HashMap<>(LmsStandIn.decode(browser.visitLms(started).getRawQuery()));
        query.put("code", "not-the-code-the-lms-issued");

        // when
        Response page = browser.callback(query, started.cookie());

        // then
        assertThat(page.status()).isEqualTo(502);
        assertThat(posted(page).get("code").asString()).isEqualTo("exchange_failed");
    }

    @Test
    void lmsDown_endsWithLmsUnavailable() throws Exception {
        // given: nothing listens where the LMS should be
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        useLmsAt("http://127.0.0.1:" + closedPort, Duration.ofSeconds(5));
        Started started = browser.start();

        // when
        Response page = browser.callback(Map.of("state", started.state(), "code", "a-code"), started.cookie());

        // then
        assertThat(page.status()).isEqualTo(502);
        assertThat(posted(page).get("code").asString()).isEqualTo("lms_unavailable");
        assertThat(page.body()).contains("did not answer in time");
    }

    @Test
    void lmsTooSlow_endsWithLmsUnavailable_withinTheTimeout() throws Exception {
        // given
        useLmsAt(lms.url(), Duration.ofMillis(500));
        lms.tokenDelay = Duration.ofSeconds(3);

        // when
        long began = System.nanoTime();
        Response page = browser.signIn();
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        // then
        assertThat(posted(page).get("code").asString()).isEqualTo("lms_unavailable");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
}
