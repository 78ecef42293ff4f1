package org.ibal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Settings of(Map<String, String> values) {
        return new Settings(values::get);
    }

    @Test
    void absentOrBlankValues_takeTheCataloguesDefault() {
        Settings settings = of(Map.of("MESSAGE_MAX_CHARS", "  ", "IBAL_PORT", ""));

        assertThat(settings.whole(Setting.MESSAGE_MAX_CHARS)).isEqualTo(4000);
        assertThat(settings.whole(Setting.IBAL_PORT)).isEqualTo(8080);
        assertThat(settings.text(Setting.MODEL_PROVIDER)).isEqualTo("demo");
        assertThat(settings.text(Setting.FLOWISE_URL)).isNull();
        assertThat(settings.duration(Setting.IBAL_INTEGRATION_TIMEOUT)).isEqualTo(Duration.ofSeconds(29));
        assertThat(settings.duration(Setting.FLOWISE_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void valuesAreReadByTheirType() {
        Settings settings = of(Map.of(
                "MODEL_PROVIDER",
                " OpenAI ",
                "MANAGEMENT_API_ENDPOINT",
                "https://x.example/prod/",
                "MODEL_IDLE_TIMEOUT",
                "PT1M",
                "FLOWISE_TIMEOUT",
                "90",
                "IBAL_IDLE_TIMEOUT",
                "500ms",
                "STOP_POLL_MS",
                "50",
                "IBAL_WS_MESSAGES_PER_SECOND",
                "2.5"));

        assertThat(settings.text(Setting.MODEL_PROVIDER)).isEqualTo("openai");
        assertThat(settings.text(Setting.MANAGEMENT_API_ENDPOINT)).isEqualTo("https://x.example/prod");
        assertThat(settings.duration(Setting.MODEL_IDLE_TIMEOUT)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.duration(Setting.FLOWISE_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.duration(Setting.IBAL_IDLE_TIMEOUT)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.duration(Setting.STOP_POLL_MS)).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.decimal(Setting.IBAL_WS_MESSAGES_PER_SECOND)).isEqualTo(2.5);
    }

    @Test
    void badValues_failNamingTheSettingAndWhatItMustBe() {
        assertThatThrownBy(() -> of(Map.of("BCRYPT_COST", "3")).whole(Setting.BCRYPT_COST))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("BCRYPT_COST")
                .hasMessageContaining("4–31");
        assertThatThrownBy(() -> of(Map.of("IBAL_PORT", "eighty")).whole(Setting.IBAL_PORT))
                .hasMessageContaining("IBAL_PORT must be a whole number");
        assertThatThrownBy(() -> of(Map.of("REPLY_MODE", "later")).text(Setting.REPLY_MODE))
                .hasMessageContaining("REPLY_MODE must be one of inline, async");
        assertThatThrownBy(() -> of(Map.of("OPENEDX_LMS_URL", "ftp://lms")).text(Setting.OPENEDX_LMS_URL))
                .hasMessageContaining("OPENEDX_LMS_URL");
        assertThatThrownBy(() -> of(Map.of("IBAL_IDLE_TIMEOUT", "soon")).duration(Setting.IBAL_IDLE_TIMEOUT))
                .hasMessageContaining("IBAL_IDLE_TIMEOUT");
        assertThatThrownBy(() -> of(Map.of("MODEL_BREAKER_WAIT", "PT0S")).duration(Setting.MODEL_BREAKER_WAIT))
                .hasMessageContaining("MODEL_BREAKER_WAIT must be positive");
    }

    @Test
    void readingASettingAsTheWrongType_isAProgrammingError() {
        assertThatThrownBy(() -> of(Map.of()).whole(Setting.MODEL_PROVIDER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHOICE");
    }
}
