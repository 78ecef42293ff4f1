package org.ibal.functions.domain.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.SignInFailedException;
import org.ibal.functions.domain.port.OAuthStateStore;
import org.ibal.functions.domain.port.OAuthStateStore.PendingAuthorization;
import org.ibal.functions.domain.port.OpenEdxTokenExchange;

/**
 * Popup sign-in with Open edX: the OAuth2 authorization-code flow with PKCE, run by the backend so the LMS's
 * token never reaches the browser. {@link #start} sends the popup to the LMS; {@link #finish} takes it back.
 */
public final class OpenEdxSignIn {
    public static final String PROVIDER = "openedx";
    /** How long a learner has to get through the LMS's login and consent pages. */
    public static final Duration STATE_TTL = Duration.ofMinutes(10);
    /** {@code profile} adds the learner's full name; {@code preferred_username} is in every Open edX JWT. */
    private static final String SCOPE = "profile";

    private static final Pattern OAUTH_ERROR = Pattern.compile("[a-z_]{1,40}");

    private final String lmsUrl;
    private final String clientId;
    private final AllowedOrigins origins;
    private final OAuthStateStore states;
    private final OpenEdxTokenExchange exchange;
    private final ExternalTokenIssuer issuer;
    private final Clock clock;

    public OpenEdxSignIn(
            String lmsUrl,
            String clientId,
            AllowedOrigins origins,
            OAuthStateStore states,
            OpenEdxTokenExchange exchange,
            ExternalTokenIssuer issuer,
            Clock clock) {
        this.lmsUrl = lmsUrl.endsWith("/") ? lmsUrl.substring(0, lmsUrl.length() - 1) : lmsUrl;
        this.clientId = clientId;
        this.origins = origins;
        this.states = states;
        this.exchange = exchange;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Where to send the popup, and the nonce to set in its cookie (the callback must come from the same browser).
     */
    public record Started(String authorizeUrl, String browserNonce) {}

    /** How a callback ended; {@code origin} is where the page posts the result, null when it is not known. */
    public sealed interface Outcome permits SignedIn, Failed {
        String origin();
    }

    public record SignedIn(Tokens tokens, String origin) implements Outcome {}

    public record Failed(SignInFailedException failure, String origin) implements Outcome {}

    /**
     * @param origin      the LMS page that opened the popup; must be in ALLOWED_ORIGINS
     * @param redirectUri this API's callback URL, as registered on the LMS's OAuth2 application
     * @throws InvalidInputException when the origin is missing or not allowed
     */
    public Started start(String origin, String redirectUri) {
        String allowed = origins.allowed(origin)
                .orElseThrow(
                        () -> new InvalidInputException(
                                "this page's origin may not sign in to IBAL; the administrator must add it to ALLOWED_ORIGINS"));
        String state = Ids.secret();
        String browserNonce = Ids.secret();
        String codeVerifier = Ids.secret();
        states.save(new PendingAuthorization(
                Secrets.sha256(state),
                Secrets.sha256(browserNonce),
                codeVerifier,
                allowed,
                redirectUri,
                clock.instant().plus(STATE_TTL)));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", SCOPE);
        query.put("state", state);
        query.put("code_challenge", s256(codeVerifier));
        query.put("code_challenge_method", "S256");
        return new Started(lmsUrl + "/oauth2/authorize/?" + form(query), browserNonce);
    }

    /**
     * Finishes the flow: the state must be known, unused, unexpired and started in this browser; only then is the
     * LMS's answer (an error, or a code to exchange) looked at.
     */
    public Outcome finish(String state, String browserNonce, String code, String error) {
        Optional<PendingAuthorization> pending = state == null || state.isBlank()
                ? Optional.empty()
                : states.consume(Secrets.sha256(state), clock.instant());
        if (pending.isEmpty()) {
            return new Failed(
                    new SignInFailedException(
                            "invalid_state",
                            "This sign-in link was already used or has expired. Close this window and sign in again.",
                            "unknown, used or expired state"),
                    null);
        }
        PendingAuthorization started = pending.get();
        if (browserNonce == null
                || !MessageDigest.isEqual(
                        Secrets.sha256(browserNonce).getBytes(StandardCharsets.UTF_8),
                        started.browserHash().getBytes(StandardCharsets.UTF_8))) {
            return new Failed(
                    new SignInFailedException(
                            "invalid_state",
                            "This sign-in was started in another browser window. Close this window and sign in again.",
                            browserNonce == null ? "no browser cookie" : "browser cookie does not match the state"),
                    started.origin());
        }
        if (error != null) {
            return new Failed(lmsError(error), started.origin());
        }
        if (code == null || code.isBlank()) {
            return new Failed(
                    new SignInFailedException(
                            "exchange_failed",
                            "The LMS sent no authorization code. Close this window and sign in again.",
                            "no code"),
                    started.origin());
        }
        try {
            OpenEdxTokenExchange.Identity identity =
                    exchange.exchange(code, started.redirectUri(), started.codeVerifier());
            String displayName = identity.name() == null || identity.name().isBlank()
                    ? identity.username()
                    : identity.name().strip();
            Principal principal = new Principal(
                    ExternalTokenIssuer.userId("oe_", identity.issuer(), identity.subject()),
                    identity.username(),
                    displayName,
                    PROVIDER,
                    null);
            return new SignedIn(issuer.issue(principal), started.origin());
        } catch (SignInFailedException failure) {
            return new Failed(failure, started.origin());
        }
    }

    private static SignInFailedException lmsError(String error) {
        String shown = OAUTH_ERROR.matcher(error).matches() ? error : "unrecognised error";
        if (shown.equals("access_denied")) {
            return new SignInFailedException(
                    "access_denied",
                    "You did not allow IBAL to use your LMS account, so you are not signed in.",
                    "consent denied");
        }
        return new SignInFailedException(
                "exchange_failed",
                "The LMS refused the sign-in (" + shown + "). Close this window and try again.",
                "authorize endpoint answered " + shown);
    }

    private static String s256(String codeVerifier) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
