package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.ibal.functions.domain.auth.LmsSignIn;
import org.ibal.functions.domain.auth.OpenEdxSignIn;
import org.ibal.functions.domain.auth.Tokens;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.handler.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Open edX sign-in routes: {@code GET /api/oauth/openedx/start} and {@code /callback} (popup mode) and
 * {@code POST /api/auth/lms} (seamless mode). A mode that is not configured answers 404 {@code not_configured}.
 */
public final class OpenEdxSignInRoutes {
    static final String CALLBACK_PATH = "/api/oauth/openedx/callback";
    private static final Logger LOG = LoggerFactory.getLogger(OpenEdxSignInRoutes.class);
    /** {@code __Host-}: the browser keeps it only if Secure, Path=/ and host-only, so no sibling domain can set it. */
    private static final String SECURE_COOKIE = "__Host-ibal-oauth";

    private static final String PLAIN_COOKIE = "ibal-oauth";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private final OpenEdxSignIn popup;
    private final String popupOff;
    private final LmsSignIn seamless;
    private final String seamlessOff;

    /**
     * @param popup    null when popup mode is not configured; {@code popupOff} then says what is missing
     * @param seamless null when seamless mode is not configured; {@code seamlessOff} then says what is missing
     */
    public OpenEdxSignInRoutes(OpenEdxSignIn popup, String popupOff, LmsSignIn seamless, String seamlessOff) {
        this.popup = popup;
        this.popupOff = popupOff;
        this.seamless = seamless;
        this.seamlessOff = seamlessOff;
    }

    APIGatewayV2HTTPResponse start(HttpRequest request, APIGatewayV2HTTPEvent event) {
        if (popup == null) {
            return HttpResponses.error(404, "not_configured", popupOff);
        }
        String origin = request.query().get("origin");
        PublicUrl api;
        OpenEdxSignIn.Started started;
        try {
            api = PublicUrl.of(request, event);
            started = popup.start(origin, api.base() + CALLBACK_PATH);
        } catch (InvalidInputException refused) {
            LOG.info("Open edX sign-in refused at start: {}", refused.getMessage());
            return SignInPage.failed(
                    400, "invalid_request", "Sign-in refused: " + refused.getMessage() + ".", null, List.of());
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(302)
                .withHeaders(Map.of(
                        "location",
                        started.authorizeUrl(),
                        "cache-control",
                        "no-store",
                        "referrer-policy",
                        "no-referrer"))
                .withCookies(List.of(api.cookie(started.browserNonce(), OpenEdxSignIn.STATE_TTL.toSeconds())))
                .build();
    }

    APIGatewayV2HTTPResponse callback(HttpRequest request, APIGatewayV2HTTPEvent event) {
        if (popup == null) {
            return HttpResponses.error(404, "not_configured", popupOff);
        }
        Map<String, String> query = request.query();
        boolean secure = PublicUrl.secure(request, event);
        String nonce = cookie(request, event, secure ? SECURE_COOKIE : PLAIN_COOKIE);
        OpenEdxSignIn.Outcome outcome = popup.finish(query.get("state"), nonce, query.get("code"), query.get("error"));
        List<String> clear = List.of(PublicUrl.cookie(secure, "", 0));
        return switch (outcome) {
            case OpenEdxSignIn.SignedIn in -> {
                LOG.info("Open edX sign-in of user {}", in.tokens().user().id());
                yield SignInPage.signedIn(in.tokens(), in.origin(), clear);
            }
            case OpenEdxSignIn.Failed failed -> {
                LOG.info(
                        "Open edX sign-in failed: {} ({})",
                        failed.failure().code(),
                        failed.failure().reason());
                yield SignInPage.failed(
                        status(failed.failure().code()),
                        failed.failure().code(),
                        failed.failure().getMessage(),
                        failed.origin(),
                        clear);
            }
        };
    }

    /** Failures propagate to the handler's error mapping: 400 {@code invalid_request}, 401 {@code unauthorized}. */
    APIGatewayV2HTTPResponse lms(HttpRequest request) {
        if (seamless == null) {
            return HttpResponses.error(404, "not_configured", seamlessOff);
        }
        Tokens tokens = seamless.signIn(request.requiredString(request.jsonBody(), "assertion"));
        ObjectNode body = Json.object()
                .put("accessToken", tokens.accessToken())
                .put("refreshToken", tokens.refreshToken())
                .put("expiresIn", tokens.expiresIn());
        body.set("user", Json.user(tokens.user()));
        return HttpResponses.json(200, body);
    }

    private static int status(String code) {
        return switch (code) {
            case "invalid_state" -> 400;
            case "access_denied" -> 403;
            default -> 502;
        };
    }

    /** HTTP API passes cookies in {@code cookies}, not in the headers; other front ends may leave the header. */
    private static String cookie(HttpRequest request, APIGatewayV2HTTPEvent event, String name) {
        List<String> pairs = new ArrayList<>();
        if (event.getCookies() != null) {
            pairs.addAll(event.getCookies());
        }
        String header = request.header("cookie");
        if (header != null) {
            pairs.addAll(List.of(header.split(";")));
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                String value = pair.substring(eq + 1).strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /**
     * This API as the browser reaches it: the request's domain name ({@code requestContext.domainName}), the scheme
     * from {@code x-forwarded-proto} (API Gateway always sends it; a loopback host without it is plain http, as the
     * local gateway serves), and the stage prefix of a named stage.
     */
    private record PublicUrl(String base, boolean secure) {
        static PublicUrl of(HttpRequest request, APIGatewayV2HTTPEvent event) {
            String host = event.getRequestContext() == null
                    ? null
                    : event.getRequestContext().getDomainName();
            if (host == null || !HOST.matcher(host).matches()) {
                throw new InvalidInputException("the request names no usable host");
            }
            String rawPath = event.getRawPath() == null ? "" : event.getRawPath();
            int api = rawPath.indexOf("/api/");
            String stagePrefix = api > 0 ? rawPath.substring(0, api) : "";
            boolean secure = secure(request, event);
            return new PublicUrl(
                    (secure ? "https" : "http") + "://" + host.toLowerCase(Locale.ROOT) + stagePrefix, secure);
        }

        static boolean secure(HttpRequest request, APIGatewayV2HTTPEvent event) {
            String proto = request.header("x-forwarded-proto");
            if (proto != null) {
                return !proto.split(",")[0].strip().equalsIgnoreCase("http");
            }
            String host = event.getRequestContext() == null
                    ? null
                    : event.getRequestContext().getDomainName();
            String name = host == null ? "" : host.replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
            return !(name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]"));
        }

        String cookie(String value, long maxAgeSeconds) {
            return cookie(secure, value, maxAgeSeconds);
        }

        /** SameSite=Lax: sent on the LMS's top-level redirect back to the callback, never on cross-site posts. */
        static String cookie(boolean secure, String value, long maxAgeSeconds) {
            return (secure ? SECURE_COOKIE : PLAIN_COOKIE) + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                    + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
        }
    }
}
