package org.ibal.functions.config;

import static org.ibal.config.Setting.ALLOWED_ORIGINS;
import static org.ibal.config.Setting.LMS_ASSERTION_ISSUER;
import static org.ibal.config.Setting.LMS_ASSERTION_PUBLIC_JWK;
import static org.ibal.config.Setting.OPENEDX_CLIENT_ID;
import static org.ibal.config.Setting.OPENEDX_CLIENT_SECRET;
import static org.ibal.config.Setting.OPENEDX_CLIENT_SECRET_PARAMETER;
import static org.ibal.config.Setting.OPENEDX_JWK_SET;
import static org.ibal.config.Setting.OPENEDX_JWT_AUDIENCE;
import static org.ibal.config.Setting.OPENEDX_JWT_ISSUER;
import static org.ibal.config.Setting.OPENEDX_LMS_URL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ibal.config.Settings;
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
        Settings settings = new Settings(lookup);
        String lmsUrl = settings.text(OPENEDX_LMS_URL);
        String issuer = settings.text(OPENEDX_JWT_ISSUER);
        return new OpenEdxSettings(
                lmsUrl,
                settings.text(OPENEDX_CLIENT_ID),
                settings.text(OPENEDX_CLIENT_SECRET),
                settings.text(OPENEDX_CLIENT_SECRET_PARAMETER),
                issuer != null ? issuer : lmsUrl == null ? null : lmsUrl + "/oauth2",
                settings.text(OPENEDX_JWT_AUDIENCE),
                settings.text(OPENEDX_JWK_SET),
                settings.text(LMS_ASSERTION_PUBLIC_JWK),
                settings.text(LMS_ASSERTION_ISSUER),
                settings.text(ALLOWED_ORIGINS),
                HttpOpenEdxTokenExchange.REQUEST_TIMEOUT);
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
            throw new IllegalStateException(
                    "Could not read the Open edX client secret from SSM parameter "
                            + clientSecretParameter + " (" + e.getClass().getSimpleName()
                            + "): check that it exists, is a "
                            + "SecureString and that the function may ssm:GetParameter and kms:Decrypt it",
                    e);
        }
        return new OpenEdxSettings(
                lmsUrl,
                clientId,
                secret,
                clientSecretParameter,
                jwtIssuer,
                jwtAudience,
                jwkSet,
                assertionPublicJwk,
                assertionIssuer,
                allowedOrigins,
                lmsTimeout);
    }

    public OpenEdxSettings withLmsTimeout(Duration timeout) {
        return new OpenEdxSettings(
                lmsUrl,
                clientId,
                clientSecret,
                clientSecretParameter,
                jwtIssuer,
                jwtAudience,
                jwkSet,
                assertionPublicJwk,
                assertionIssuer,
                allowedOrigins,
                timeout);
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
            missing.add(
                    clientSecretParameter == null
                            ? "OPENEDX_CLIENT_SECRET (or OPENEDX_CLIENT_SECRET_PARAMETER)"
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
