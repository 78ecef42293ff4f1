package org.ibal.functions.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ibal.functions.adapter.openedx.HttpOpenEdxTokenExchange;

/**
 * The Open edX settings (functions/docs/openedx-auth.md), all optional. A sign-in mode whose settings are all
 * absent is simply off; one with some of them missing is off too, and says which ({@link #popupMissing()}).
 *
 * @param lmsTimeout how long the LMS token endpoint may take (not an environment setting: tests shorten it)
 */
public record OpenEdxSettings(
        String lmsUrl,
        String clientId,
        String clientSecret,
        String clientSecretParameter,
        String jwtIssuer,
        String jwtAudience,
        String jwkSet,
        String assertionPublicJwk,
        String assertionIssuer,
        String allowedOrigins,
        Duration lmsTimeout) {

    public static OpenEdxSettings from(Function<String, String> lookup) {
        Function<String, String> text = name -> {
            String value = lookup.apply(name);
            return value == null || value.isBlank() ? null : value.strip();
        };
        String lmsUrl = text.apply("OPENEDX_LMS_URL");
        if (lmsUrl != null) {
            lmsUrl = lmsUrl.endsWith("/") ? lmsUrl.substring(0, lmsUrl.length() - 1) : lmsUrl;
            if (!isHttpUrl(lmsUrl)) {
                throw new IllegalStateException("OPENEDX_LMS_URL must be the LMS base URL, like "
                        + "https://lms.example.edu, not " + lmsUrl);
            }
        }
        String issuer = text.apply("OPENEDX_JWT_ISSUER");
        String audience = text.apply("OPENEDX_JWT_AUDIENCE");
        String assertionIssuer = text.apply("LMS_ASSERTION_ISSUER");
        return new OpenEdxSettings(lmsUrl, text.apply("OPENEDX_CLIENT_ID"), text.apply("OPENEDX_CLIENT_SECRET"),
                text.apply("OPENEDX_CLIENT_SECRET_PARAMETER"),
                issuer != null ? issuer : lmsUrl == null ? null : lmsUrl + "/oauth2",
                audience != null ? audience : "openedx",
                text.apply("OPENEDX_JWK_SET"), text.apply("LMS_ASSERTION_PUBLIC_JWK"),
                assertionIssuer != null ? assertionIssuer : "ibal-xblock",
                text.apply("ALLOWED_ORIGINS"), HttpOpenEdxTokenExchange.REQUEST_TIMEOUT);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The client secret read from SSM at init when only its parameter name is configured. */
    public OpenEdxSettings withSecretFrom(Function<String, String> readParameter) {
        if (clientSecret != null || clientSecretParameter == null) {
            return this;
        }
        String secret;
        try {
            secret = readParameter.apply(clientSecretParameter);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not read the Open edX client secret from SSM parameter "
                    + clientSecretParameter + " (" + e.getClass().getSimpleName() + "): check that it exists, is a "
                    + "SecureString and that the function may ssm:GetParameter and kms:Decrypt it", e);
        }
        return new OpenEdxSettings(lmsUrl, clientId, secret, clientSecretParameter, jwtIssuer, jwtAudience, jwkSet,
                assertionPublicJwk, assertionIssuer, allowedOrigins, lmsTimeout);
    }

    public OpenEdxSettings withLmsTimeout(Duration timeout) {
        return new OpenEdxSettings(lmsUrl, clientId, clientSecret, clientSecretParameter, jwtIssuer, jwtAudience,
                jwkSet, assertionPublicJwk, assertionIssuer, allowedOrigins, timeout);
    }

    /** The popup-mode settings still missing; empty when popup sign-in can run. */
    public List<String> popupMissing() {
        List<String> missing = new ArrayList<>();
        if (lmsUrl == null) {
            missing.add("OPENEDX_LMS_URL");
        }
        if (clientId == null) {
            missing.add("OPENEDX_CLIENT_ID");
        }
        if (clientSecret == null) {
            missing.add(clientSecretParameter == null ? "OPENEDX_CLIENT_SECRET (or OPENEDX_CLIENT_SECRET_PARAMETER)"
                    : "OPENEDX_CLIENT_SECRET (its SSM parameter was not read)");
        }
        if (jwkSet == null) {
            missing.add("OPENEDX_JWK_SET");
        }
        if (allowedOrigins == null) {
            missing.add("ALLOWED_ORIGINS");
        }
        return missing;
    }
}
