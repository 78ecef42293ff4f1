package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.ibal.functions.handler.ws.ReplyHandOff;
import org.junit.jupiter.api.Test;

class ReplySettingsTest {
    private static ReplySettings read(Map<String, String> values) {
        return ReplySettings.from(values::get);
    }

    @Test
    void defaults_streamInlineOffLambda_andAsyncOnLambda() {
        ReplySettings local = read(Map.of());
        ReplySettings onLambda = read(Map.of("AWS_LAMBDA_FUNCTION_NAME", "ibal-ChatFunction-AbC"));

        assertThat(local.mode()).isEqualTo(ReplyHandOff.Mode.INLINE);
        assertThat(local.coalesceWindow()).isEqualTo(Duration.ofMillis(100));
        assertThat(local.stopPollEvery()).isEqualTo(Duration.ofMillis(250));
        assertThat(local.lambdaEndpoint()).isNull();
        assertThat(onLambda.mode()).isEqualTo(ReplyHandOff.Mode.ASYNC);
        assertThat(onLambda.ownFunctionName()).isEqualTo("ibal-ChatFunction-AbC");
    }

    @Test
    void explicitValues_win() {
        ReplySettings settings = read(Map.of(
                "AWS_LAMBDA_FUNCTION_NAME",
                "f",
                "REPLY_MODE",
                " Inline ",
                "STREAM_COALESCE_MS",
                "0",
                "STOP_POLL_MS",
                "50",
                "LAMBDA_ENDPOINT",
                "http://127.0.0.1:8080"));

        assertThat(settings.mode()).isEqualTo(ReplyHandOff.Mode.INLINE);
        assertThat(settings.coalesceWindow()).isZero();
        assertThat(settings.stopPollEvery()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.lambdaEndpoint()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void badValues_failTheStart_namingTheSetting() {
        assertThatThrownBy(() -> read(Map.of("REPLY_MODE", "later"))).hasMessageContaining("REPLY_MODE");
        assertThatThrownBy(() -> read(Map.of("STREAM_COALESCE_MS", "-1"))).hasMessageContaining("STREAM_COALESCE_MS");
        assertThatThrownBy(() -> read(Map.of("STOP_POLL_MS", "0"))).hasMessageContaining("STOP_POLL_MS");
        assertThatThrownBy(() -> read(Map.of("STOP_POLL_MS", "soon"))).hasMessageContaining("STOP_POLL_MS");
    }
}
