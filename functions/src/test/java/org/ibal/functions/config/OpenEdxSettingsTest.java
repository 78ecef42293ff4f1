package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.LmsStandIn;
import org.ibal.functions.support.SignInStack;
import org.ibal.functions.support.SignInStack.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Open edX settings: defaults, the SSM secret, incomplete and malformed configurations. */
@ExtendWith(DynamoDbLocal.class)
class OpenEdxSettingsTest {
    private static Map<String, String> popupEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENEDX_LMS_URL", "https://lms.example.edu/");
        env.put("OPENEDX_CLIENT_ID", "ibal");
        env.put("OPENEDX_CLIENT_SECRET", "s3cret");
        env.put(
                "OPENEDX_JWK_SET",
                "{\"keys\":[" + LmsStandIn.UNKNOWN_KID_KEY.toPublicJWK().toJSONString() + "]}");
        env.put("ALLOWED_ORIGINS", "https://lms.example.edu");
        return env;
    }

    @Test
    void issuerAndAudience_defaultToWhatOpenEdxAndTutorUse() {
        OpenEdxSettings settings = OpenEdxSettings.from(popupEnv()::get);

        assertThat(settings.lmsUrl()).isEqualTo("https://lms.example.edu");
        assertThat(settings.jwtIssuer()).isEqualTo("https://lms.example.edu/oauth2");
        assertThat(settings.jwtAudience()).isEqualTo("openedx");
        assertThat(settings.assertionIssuer()).isEqualTo("ibal-xblock");
        assertThat(settings.popupMissing()).isEmpty();
    }

    @Test
    void theClientSecret_isReadFromSsm_onlyWhenNotGivenInline() {
        Map<String, String> env = popupEnv();
        env.remove("OPENEDX_CLIENT_SECRET");
        env.put("OPENEDX_CLIENT_SECRET_PARAMETER", "/ibal/openedx/client-secret");
        Map<String, String> ssm = Map.of("/ibal/openedx/client-secret", "from-ssm");

        OpenEdxSettings fromSsm = OpenEdxSettings.from(env::get).withSecretFrom(ssm::get);
        OpenEdxSettings inline = OpenEdxSettings.from(popupEnv()::get).withSecretFrom(name -> {
            throw new AssertionError("SSM must not be read when the secret is inline");
        });

        assertThat(fromSsm.clientSecret()).isEqualTo("from-ssm");
        assertThat(inline.clientSecret()).isEqualTo("s3cret");
        assertThatThrownBy(() -> OpenEdxSettings.from(env::get).withSecretFrom(name -> {
                    throw new IllegalStateException("AccessDeniedException");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/ibal/openedx/client-secret")
                .hasMessageContaining("kms:Decrypt");
    }

    @Test
    void anIncompletePopupConfiguration_answersNotConfigured_namingWhatIsMissing() {
        Map<String, String> env = popupEnv();
        env.remove("OPENEDX_JWK_SET");
        env.remove("OPENEDX_CLIENT_SECRET");

        Response start = new SignInStack(SignInStack.newClock(), env, Duration.ofSeconds(1))
                .get("/api/oauth/openedx/start", Map.of("origin", "https://lms.example.edu"), java.util.List.of());

        assertThat(start.status()).isEqualTo(404);
        assertThat(start.json().get("error").get("code").asString()).isEqualTo("not_configured");
        assertThat(start.json().get("error").get("message").asString())
                .contains("OPENEDX_JWK_SET")
                .contains("OPENEDX_CLIENT_SECRET")
                .doesNotContain("OPENEDX_LMS_URL");
    }

    @ParameterizedTest(name = "{0}={1} fails the start, naming the setting")
    @CsvSource(
            delimiter = '|',
            value = {
                "ALLOWED_ORIGINS|*",
                "ALLOWED_ORIGINS|https://lms.example.edu/courses",
                "ALLOWED_ORIGINS|lms.example.edu",
                "OPENEDX_JWK_SET|{\"keys\":\"nope\"}",
                "OPENEDX_JWK_SET|{\"keys\":[]}",
                "OPENEDX_LMS_URL|ftp://lms.example.edu",
                "OPENEDX_LMS_URL|https://lms example.edu",
                "LMS_ASSERTION_PUBLIC_JWK|{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"
            })
    void aMalformedSetting_failsTheStart(String name, String value) {
        Map<String, String> env = popupEnv();
        env.put(name, value);

        assertThatThrownBy(() -> new SignInStack(SignInStack.newClock(), env, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name);
    }
}
