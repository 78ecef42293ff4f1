package org.ibal.functions.config;

import java.time.Clock;
import java.util.List;
import org.ibal.functions.adapter.dynamo.DynamoOAuthStateStore;
import org.ibal.functions.adapter.dynamo.DynamoReplayGuard;
import org.ibal.functions.adapter.openedx.HttpOpenEdxTokenExchange;
import org.ibal.functions.adapter.openedx.OpenEdxJwtVerifier;
import org.ibal.functions.adapter.token.NimbusLmsAssertionVerifier;
import org.ibal.functions.domain.auth.AllowedOrigins;
import org.ibal.functions.domain.auth.ExternalTokenIssuer;
import org.ibal.functions.domain.auth.LmsSignIn;
import org.ibal.functions.domain.auth.OpenEdxSignIn;
import org.ibal.functions.handler.http.OpenEdxSignInRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the Open edX sign-in routes: each mode on when its settings are complete, else "not configured". */
final class SignInWiring {
    private static final Logger LOG = LoggerFactory.getLogger(SignInWiring.class);

    private SignInWiring() {}

    /**
     * @param ibalAudience the audience seamless-mode assertions are addressed to ({@code JWT_AUDIENCE})
     * @throws IllegalStateException when a present setting is malformed (a JWK that does not parse, a bad origin)
     */
    static OpenEdxSignInRoutes routes(
            OpenEdxSettings settings,
            String ibalAudience,
            DynamoDbClient dynamo,
            String table,
            ExternalTokenIssuer issuer,
            Clock clock) {
        return new OpenEdxSignInRoutes(
                popup(settings, dynamo, table, issuer, clock),
                popupUnavailable(settings),
                seamless(settings, ibalAudience, dynamo, table, issuer, clock),
                "seamless sign-in is not configured: set LMS_ASSERTION_PUBLIC_JWK");
    }

    private static OpenEdxSignIn popup(
            OpenEdxSettings settings, DynamoDbClient dynamo, String table, ExternalTokenIssuer issuer, Clock clock) {
        AllowedOrigins origins = AllowedOrigins.parse(settings.allowedOrigins());
        List<String> missing = settings.popupMissing();
        if (!missing.isEmpty()) {
            // ALLOWED_ORIGINS alone is no sign of intent: the template always sets it, for CORS.
            if (settings.lmsUrl() != null || settings.clientId() != null || settings.jwkSet() != null) {
                LOG.warn("Open edX popup sign-in is off: missing {}", String.join(", ", missing));
            }
            return null;
        }
        OpenEdxJwtVerifier verifier = new OpenEdxJwtVerifier(
                OpenEdxJwtVerifier.parseKeySet(settings.jwkSet()), settings.jwtIssuer(), settings.jwtAudience(), clock);
        HttpOpenEdxTokenExchange exchange = new HttpOpenEdxTokenExchange(
                settings.lmsUrl(),
                settings.clientId(),
                settings.clientSecret(),
                verifier,
                HttpOpenEdxTokenExchange.defaultClient(),
                settings.lmsTimeout());
        return new OpenEdxSignIn(
                settings.lmsUrl(),
                settings.clientId(),
                origins,
                new DynamoOAuthStateStore(dynamo, table),
                exchange,
                issuer,
                clock);
    }

    private static String popupUnavailable(OpenEdxSettings settings) {
        return "Open edX sign-in is not configured: set " + String.join(", ", settings.popupMissing());
    }

    private static LmsSignIn seamless(
            OpenEdxSettings settings,
            String ibalAudience,
            DynamoDbClient dynamo,
            String table,
            ExternalTokenIssuer issuer,
            Clock clock) {
        if (settings.assertionPublicJwk() == null) {
            return null;
        }
        NimbusLmsAssertionVerifier verifier = new NimbusLmsAssertionVerifier(
                NimbusLmsAssertionVerifier.parsePublicKey(settings.assertionPublicJwk()),
                settings.assertionIssuer(),
                ibalAudience,
                clock);
        return new LmsSignIn(verifier, new DynamoReplayGuard(dynamo, table), issuer);
    }
}
