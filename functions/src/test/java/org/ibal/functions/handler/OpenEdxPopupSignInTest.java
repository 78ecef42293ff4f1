package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ibal.functions.domain.Principal;
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
import tools.jackson.databind.JsonNode;

/**
 * Popup sign-in through the HTTP handler: start → the LMS (a stand-in behaving like oauth_dispatch) → callback →
 * the page's postMessage; and the guards on the state, the browser binding and the origin.
 */
@ExtendWith(DynamoDbLocal.class)
class OpenEdxPopupSignInTest {
    private final MutableClock clock = SignInStack.newClock();
    private final LmsStandIn lms;
    private final SignInStack stack;
    private final PopupBrowser browser;

    OpenEdxPopupSignInTest() throws IOException {
        lms = new LmsStandIn(clock, SignInStack.CALLBACK_URL);
        stack = PopupBrowser.stackFor(lms, clock, lms.url(), Duration.ofSeconds(5));
        browser = new PopupBrowser(stack, lms);
    }

    @AfterEach
    void stopLms() {
        lms.close();
    }

    @Test
    void start_redirectsToTheLmsAuthorizeEndpoint_withStatePkceAndABrowserBoundCookie() {
        // when
        Started started = browser.start();

        // then
        URI authorize = started.authorizeUrl();
        assertThat(authorize.toString()).startsWith(lms.url() + "/oauth2/authorize/?");
        Map<String, String> query = LmsStandIn.decode(authorize.getRawQuery());
        assertThat(query)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", LmsStandIn.CLIENT_ID)
                .containsEntry("redirect_uri", SignInStack.CALLBACK_URL)
                .containsEntry("scope", "profile")
                .containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        String setCookie = started.response().cookies().getFirst();
        assertThat(setCookie)
                .startsWith("__Host-ibal-oauth=")
                .contains("; HttpOnly")
                .contains("; Secure")
                .contains("; SameSite=Lax")
                .contains("; Path=/")
                .contains("; Max-Age=600");
        assertThat(started.response().header("cache-control")).isEqualTo("no-store");
        // The state and the cookie nonce are stored only as hashes, under a TTL.
        String nonce = started.cookie().substring(started.cookie().indexOf('=') + 1);
        assertThat(stack.items("OAUTHSTATE#")).singleElement().satisfies(item -> {
            assertThat(item.get("pk").s()).doesNotContain(query.get("state"));
            assertThat(item.get("browserHash").s()).isNotEqualTo(nonce).hasSize(64);
            assertThat(Long.parseLong(item.get("ttl").n()))
                    .isGreaterThan(clock.instant().getEpochSecond());
        });
    }

    @Test
    void callback_exchangesTheCode_andPostsIbalTokensToTheConfiguredOriginOnly() throws Exception {
        // when
        Response page = browser.signIn();

        // then: the page posts tokens to the LMS origin, and nothing else leaves
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
        JsonNode result = page.pageResult();
        assertThat(result.get("targetOrigin").asString()).isEqualTo(SignInStack.LMS_ORIGIN);
        assertThat(result.get("message").get("type").asString()).isEqualTo("ibal:auth");
        assertThat(page.body()).doesNotContain("'*'").doesNotContain("\"*\"");
        assertThat(lms.issuedTokens).hasSize(1);
        assertThat(page.body()).doesNotContain(lms.issuedTokens.getFirst());

        // and the tokens are IBAL's, for the LMS learner
        JsonNode tokens = result.get("message").get("tokens");
        Principal principal = stack.verify(tokens.get("accessToken").asString());
        assertThat(principal.provider()).isEqualTo("openedx");
        assertThat(principal.username()).isEqualTo("ada_lovelace");
        assertThat(principal.displayName()).isEqualTo("Ada Lovelace");
        assertThat(principal.course()).isNull();
        assertThat(principal.userId()).startsWith("oe_").doesNotContain(LmsStandIn.anonymousId("ada_lovelace"));
        assertThat(tokens.get("user").get("id").asString()).isEqualTo(principal.userId());
        assertThat(tokens.get("refreshToken").asString()).isNotBlank();

        // and the LMS got what oauth_dispatch needs for an asymmetric JWT, PKCE included
        assertThat(lms.tokenRequests)
                .singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("grant_type", "authorization_code")
                        .containsEntry("token_type", "jwt")
                        .containsEntry("asymmetric_jwt", "true")
                        .containsEntry("redirect_uri", SignInStack.CALLBACK_URL)
                        .containsKey("code_verifier"));
        assertThat(stack.items("OAUTHSTATE#")).as("the state is consumed").isEmpty();
        assertThat(page.cookies())
                .singleElement()
                .satisfies(c -> assertThat(c).startsWith("__Host-ibal-oauth=;").contains("Max-Age=0"));

        // and the page runs only its own, nonce-bearing script
        String csp = page.header("content-security-policy");
        assertThat(csp)
                .contains("default-src 'none'")
                .contains("script-src 'nonce-")
                .doesNotContain("unsafe-inline");
        String nonce = csp.replaceAll(".*script-src 'nonce-([^']+)'.*", "$1");
        assertThat(page.body()).contains("<script nonce=\"" + nonce + "\">").doesNotContainPattern(" on[a-z]+=");
        assertThat(page.header("cross-origin-opener-policy"))
                .as("it would cut window.opener")
                .isNull();
    }

    @Test
    void theSameLearner_getsTheSameUserId_andTheRefreshTokenKeepsTheOpenEdxIdentity() throws Exception {
        // given
        JsonNode first = browser.signIn().pageResult().get("message").get("tokens");
        JsonNode second = browser.signIn().pageResult().get("message").get("tokens");

        // when
        Response refreshed = stack.post(
                "/api/auth/refresh",
                "{\"refreshToken\":\"" + first.get("refreshToken").asString() + "\"}");
        Response reused = stack.post(
                "/api/auth/refresh",
                "{\"refreshToken\":\"" + first.get("refreshToken").asString() + "\"}");

        // then
        assertThat(second.get("user").get("id").asString())
                .isEqualTo(first.get("user").get("id").asString());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        Principal principal = stack.verify(refreshed.json().get("accessToken").asString());
        assertThat(principal.provider()).isEqualTo("openedx");
        assertThat(principal.username()).isEqualTo("ada_lovelace");
        assertThat(principal.userId()).isEqualTo(first.get("user").get("id").asString());
        assertThat(refreshed.json().get("user").get("username").asString()).isEqualTo("ada_lovelace");
        assertThat(reused.status()).as("a rotated refresh token is spent").isEqualTo(401);
    }

    @Test
    void onTheLocalGateway_theCallbackIsPlainHttp_andTheCookieNotSecure() throws Exception {
        // given: a learner on http://localhost:8080, with an LMS whose application registered that callback
        try (LmsStandIn localLms = new LmsStandIn(clock, "http://localhost:8080/api/oauth/openedx/callback")) {
            SignInStack local = PopupBrowser.stackFor(localLms, clock, localLms.url(), Duration.ofSeconds(5));

            // when
            Response start = local.getOnLocalGateway(
                    "localhost:8080", PopupBrowser.START, Map.of("origin", SignInStack.LMS_ORIGIN), List.of());
            String cookie = start.cookies()
                    .getFirst()
                    .substring(0, start.cookies().getFirst().indexOf(';'));
            URI back = localLms.authorize(start.header("location"));
            Response page = local.getOnLocalGateway(
                    "localhost:8080", PopupBrowser.CALLBACK, LmsStandIn.decode(back.getRawQuery()), List.of(cookie));

            // then
            assertThat(LmsStandIn.decode(URI.create(start.header("location")).getRawQuery()))
                    .containsEntry("redirect_uri", "http://localhost:8080/api/oauth/openedx/callback");
            assertThat(start.cookies().getFirst()).startsWith("ibal-oauth=").doesNotContain("Secure");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.pageResult().get("message").get("type").asString()).isEqualTo("ibal:auth");
        }
    }

    @Test
    void replayedCallback_isRefused_withoutPostingAnything() throws Exception {
        // given
        Started started = browser.start();
        URI back = browser.visitLms(started);
        assertThat(browser.callback(back, started.cookie()).status()).isEqualTo(200);

        // when
        Response replay = browser.callback(back, started.cookie());

        // then
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains("already used or has expired");
        assertThat(replay.pageResult().isEmpty())
                .as("unknown state: no origin to post to")
                .isTrue();
        assertThat(lms.tokenRequests).hasSize(1);
    }

    @Test
    void unknownState_isRefused() {
        // when
        Response page = browser.callback(
                Map.of("state", "made-up-state", "code", "made-up-code"), "__Host-ibal-oauth=whatever");

        // then
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.pageResult().isEmpty()).isTrue();
        assertThat(lms.tokenRequests).isEmpty();
    }

    @Test
    void expiredState_isRefused() throws Exception {
        // given
        Started started = browser.start();
        URI back = browser.visitLms(started);
        clock.advance(Duration.ofMinutes(11));

        // when
        Response page = browser.callback(back, started.cookie());

        // then
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("already used or has expired");
        assertThat(lms.tokenRequests).isEmpty();
    }

    @Test
    void callbackFromAnotherBrowser_isRefused_andBurnsTheState() throws Exception {
        // given: the victim's browser has no cookie, or another sign-in's cookie (login CSRF)
        Started started = browser.start();
        Started other = browser.start();
        URI back = browser.visitLms(started);

        // when
        Response wrongCookie = browser.callback(back, other.cookie());
        Response thenRightCookie = browser.callback(back, started.cookie());
        Started third = browser.start();
        Response noCookie = browser.callback(browser.visitLms(third), null);

        // then
        assertThat(wrongCookie.status()).isEqualTo(400);
        assertThat(wrongCookie.body()).contains("started in another browser window");
        assertThat(wrongCookie.pageResult().get("message").get("code").asString())
                .isEqualTo("invalid_state");
        assertThat(thenRightCookie.status()).as("the state was single use").isEqualTo(400);
        assertThat(noCookie.status()).isEqualTo(400);
        assertThat(lms.tokenRequests).isEmpty();
    }

    @Test
    void startFromAForeignOrigin_isRefused_andStoresNothing() {
        // when
        Response foreign = stack.get(PopupBrowser.START, Map.of("origin", "https://evil.example.com"), List.of());
        Response withPath =
                stack.get(PopupBrowser.START, Map.of("origin", SignInStack.LMS_ORIGIN + "/courses"), List.of());
        Response missing = stack.get(PopupBrowser.START, Map.of(), List.of());

        // then
        for (Response refused : List.of(foreign, withPath, missing)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.cookies()).isEmpty();
            assertThat(refused.pageResult().isEmpty())
                    .as("nothing is posted to an origin not allowed")
                    .isTrue();
            assertThat(refused.body()).contains("ALLOWED_ORIGINS");
        }
        assertThat(stack.items("OAUTHSTATE#")).isEmpty();
    }

    @Test
    void anOriginIsMatchedAsBrowsersWriteIt() {
        // when: upper case and the default port are the same origin
        Response response = stack.get(PopupBrowser.START, Map.of("origin", "HTTPS://LMS.example.edu:443"), List.of());

        // then
        assertThat(response.status()).isEqualTo(302);
        assertThat(stack.items("OAUTHSTATE#"))
                .singleElement()
                .satisfies(item -> assertThat(item.get("origin").s()).isEqualTo(SignInStack.LMS_ORIGIN));
    }

    @Test
    void withoutOpenEdxSettings_theRoutesAnswerNotConfigured() {
        // given
        SignInStack bare = new SignInStack(clock, Map.of(), Duration.ofSeconds(1));

        // when
        Response start = bare.get(PopupBrowser.START, Map.of("origin", SignInStack.LMS_ORIGIN), List.of());
        Response callback = bare.get(PopupBrowser.CALLBACK, Map.of("state", "s", "code", "c"), List.of());
        Response lmsRoute = bare.post("/api/auth/lms", "{\"assertion\":\"x.y.z\"}");

        // then
        for (Response response : List.of(start, callback, lmsRoute)) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().get("error").get("code").asString()).isEqualTo("not_configured");
        }
        assertThat(start.json().get("error").get("message").asString()).contains("OPENEDX_LMS_URL");
        assertThat(lmsRoute.json().get("error").get("message").asString()).contains("LMS_ASSERTION_PUBLIC_JWK");
    }
}
