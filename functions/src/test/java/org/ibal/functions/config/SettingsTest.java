package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.ibal.functions.adapter.token.NimbusTokenService;
import org.ibal.functions.adapter.token.SigningKeySource;
import org.ibal.functions.domain.auth.RegistrationPolicy;
import org.ibal.functions.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {
    @Test
    void defaults_matchTheDocumentedValues() {
        IbalSettings settings = IbalSettings.from(Map.<String, String>of()::get);

        assertThat(settings.tableName()).isEqualTo("ibal");
        assertThat(settings.dynamoDbEndpoint()).isNull();
        assertThat(settings.jwtIssuer()).isEqualTo("ibal");
        assertThat(settings.jwtAudience()).isEqualTo("ibal");
        assertThat(settings.accessTokenTtl()).isEqualTo(Duration.ofSeconds(900));
        assertThat(settings.refreshTokenTtl()).isEqualTo(Duration.ofSeconds(2_592_000));
        assertThat(settings.messageMaxChars()).isEqualTo(4000);
        assertThat(settings.messageRatePerMinute()).isEqualTo(20);
        assertThat(settings.dailyMessageQuota()).isEqualTo(300);
        assertThat(settings.connectRatePerMinute()).isEqualTo(30);
        assertThat(settings.connectFailuresPerIpPerMinute()).isEqualTo(60);
        assertThat(settings.sessionsPerDay()).isEqualTo(100);
        assertThat(settings.registrationPolicy()).isEqualTo(RegistrationPolicy.OPEN);
        assertThat(settings.registrationsPerIpPerHour()).isEqualTo(30);
        assertThat(settings.loginFailuresPerAccountAndIp()).isEqualTo(10);
        assertThat(settings.loginFailuresPerIp()).isEqualTo(30);
        assertThat(settings.passwordMinLength()).isEqualTo(8);
        assertThat(settings.modelProvider()).isEqualTo("demo");
        assertThat(settings.demoModelDelay()).isEqualTo(Duration.ZERO);
        assertThat(settings.managementApiEndpoint()).isNull();
        assertThat(settings.bcryptCost()).isEqualTo(10);
    }

    @Test
    void theManagementApiEndpoint_losesATrailingSlash() {
        IbalSettings settings = IbalSettings.from(
                Map.of("MANAGEMENT_API_ENDPOINT", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/")::get);

        assertThat(settings.managementApiEndpoint())
                .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
    }

    @ParameterizedTest(name = "{0}={1} is refused with a message naming it")
    @CsvSource({
        "MESSAGE_MAX_CHARS,lots",
        "DAILY_MESSAGE_QUOTA,0",
        "DEMO_MODEL_DELAY_MS,-5",
        "MODEL_PROVIDER,skynet",
        "BCRYPT_COST,3",
        "REGISTRATION_POLICY,maybe",
        "PASSWORD_MIN_LENGTH,6",
        "PASSWORD_MIN_LENGTH,65",
        "SESSIONS_PER_DAY,0",
        "CONNECT_FAILURES_PER_IP_PER_MINUTE,0",
        "MANAGEMENT_API_ENDPOINT,ftp://example.org/prod",
        "MANAGEMENT_API_ENDPOINT,https://example.org/prod?x=1",
        "MANAGEMENT_API_ENDPOINT,/prod"
    })
    void invalidValues_failAtInit_withAClearMessage(String name, String value) {
        assertThatThrownBy(() -> IbalSettings.from(Map.of(name, value)::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name.equals("MODEL_PROVIDER") ? "MODEL_PROVIDER" : name);
    }

    @Test
    void aMissingSigningKey_failsAtInit_sayingWhatToSet() {
        String jwk = SigningKeySource.resolve(null, null, name -> "never read");

        assertThatThrownBy(() -> NimbusTokenService.parseSigningKey(jwk))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_SIGNING_KEY")
                .hasMessageContaining("JWT_SIGNING_KEY_PARAMETER");
    }

    @ParameterizedTest(name = "a signing key that is {0} is refused")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON|{oops|not a JWK",
                "an RSA key|RSA|EC key on curve P-256",
                "a public key|PUBLIC|private key",
                "without kid|NOKID|kid"
            })
    void anInvalidSigningKey_failsAtInit_withAClearMessage(String what, String kind, String message) throws Exception {
        var ec = TestKeys.ecKey("k1");
        String jwk = switch (kind) {
            case "RSA" ->
                new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                        .keyID("r1")
                        .generate()
                        .toJSONString();
            case "PUBLIC" -> ec.toPublicJWK().toJSONString();
            case "NOKID" ->
                new com.nimbusds.jose.jwk.ECKey.Builder(ec).keyID(null).build().toJSONString();
            default -> kind;
        };

        assertThatThrownBy(() -> NimbusTokenService.parseSigningKey(jwk))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theSigningKeyParameter_isReadWhenNoInlineKeyIsSet_andItsFailureIsExplained() {
        String jwk = TestKeys.ecKey("from-ssm").toJSONString();

        assertThat(SigningKeySource.resolve(null, "/ibal/jwt", name -> name.equals("/ibal/jwt") ? jwk : null))
                .isEqualTo(jwk);
        assertThat(SigningKeySource.resolve("inline", "/ibal/jwt", name -> jwk)).isEqualTo("inline");
        assertThatThrownBy(() -> SigningKeySource.resolve(null, "/ibal/jwt", name -> {
                    throw new IllegalArgumentException("ParameterNotFound");
                }))
                .hasMessageContaining("/ibal/jwt")
                .hasMessageContaining("SecureString");
    }

    @Test
    void wiringFromSettings_refusesToStart_withoutASigningKey() {
        assertThatThrownBy(() -> Wiring.fromSettings(Map.of("AWS_REGION", "eu-west-1")::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No JWT signing key");
    }
}
