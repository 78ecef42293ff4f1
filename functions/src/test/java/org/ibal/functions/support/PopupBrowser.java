package org.ibal.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ibal.functions.support.SignInStack.Response;

/** A learner's browser in popup sign-in: opens the start route, visits the LMS, comes back to the callback. */
public final class PopupBrowser {
    public static final String START = "/api/oauth/openedx/start";
    public static final String CALLBACK = "/api/oauth/openedx/callback";

    private final SignInStack stack;
    private final LmsStandIn lms;

    public PopupBrowser(SignInStack stack, LmsStandIn lms) {
        this.stack = stack;
        this.lms = lms;
    }

    /** A stack configured for popup sign-in against the LMS at {@code lmsUrl} (the stand-in's, or a dead one). */
    public static SignInStack stackFor(LmsStandIn lms, MutableClock clock, String lmsUrl, Duration lmsTimeout) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENEDX_LMS_URL", lmsUrl);
        env.put("OPENEDX_CLIENT_ID", LmsStandIn.CLIENT_ID);
        env.put("OPENEDX_CLIENT_SECRET", LmsStandIn.CLIENT_SECRET);
        env.put("OPENEDX_JWT_ISSUER", lms.issuer());
        env.put("OPENEDX_JWK_SET", lms.jwkSet());
        env.put("ALLOWED_ORIGINS", SignInStack.LMS_ORIGIN + ",https://studio.example.edu");
        return new SignInStack(clock, env, lmsTimeout);
    }

    /** What the browser holds after the start redirect: where to go, and the cookie to send back. */
    public record Started(URI authorizeUrl, String cookie, Response response) {
        public String state() {
            return LmsStandIn.decode(authorizeUrl.getRawQuery()).get("state");
        }
    }

    public Started start() {
        Response response = stack.get(START, Map.of("origin", SignInStack.LMS_ORIGIN), List.of());
        assertThat(response.status()).as(response.body()).isEqualTo(302);
        String setCookie = response.cookies().getFirst();
        return new Started(
                URI.create(response.header("location")), setCookie.substring(0, setCookie.indexOf(';')), response);
    }

    /** Follows the popup through the LMS; returns where the LMS sends it back. */
    public URI visitLms(Started started) throws IOException, InterruptedException {
        return lms.authorize(started.authorizeUrl().toString());
    }

    /** Comes back to the callback with the query the LMS gave, carrying {@code cookie} (null: none). */
    public Response callback(URI backFromLms, String cookie) {
        return callback(LmsStandIn.decode(backFromLms.getRawQuery()), cookie);
    }

    public Response callback(Map<String, String> query, String cookie) {
        return stack.get(CALLBACK, query, cookie == null ? List.of() : List.of(cookie));
    }

    /** The whole flow, as a learner who is logged in to the LMS goes through it. */
    public Response signIn() throws IOException, InterruptedException {
        Started started = start();
        return callback(visitLms(started), started.cookie());
    }
}
