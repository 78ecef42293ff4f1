package org.ibal.functions.config;

import static org.ibal.config.Setting.AWS_LAMBDA_FUNCTION_NAME;
import static org.ibal.config.Setting.LAMBDA_ENDPOINT;
import static org.ibal.config.Setting.REPLY_MODE;
import static org.ibal.config.Setting.STOP_POLL_MS;
import static org.ibal.config.Setting.STREAM_COALESCE_MS;

import java.time.Duration;
import java.util.function.Function;
import org.ibal.config.Settings;
import org.ibal.functions.handler.ws.ReplyHandOff;

/**
 * How replies run and stream (functions/README.md, "Replies"): read apart from {@link IbalSettings} because they
 * concern the chat function alone.
 *
 * @param mode            {@code REPLY_MODE}: async on Lambda (where {@code AWS_LAMBDA_FUNCTION_NAME} is set), else
 *                        inline
 * @param coalesceWindow  {@code STREAM_COALESCE_MS}; 0 sends every delta as its own chunk
 * @param stopPollEvery   {@code STOP_POLL_MS}
 * @param lambdaEndpoint  {@code LAMBDA_ENDPOINT}, or null for the regional endpoint
 * @param ownFunctionName {@code AWS_LAMBDA_FUNCTION_NAME} (set by Lambda), or null
 *                        (defaults and bounds: {@link org.ibal.config.Setting})
 */
public record ReplySettings(
        ReplyHandOff.Mode mode,
        Duration coalesceWindow,
        Duration stopPollEvery,
        String lambdaEndpoint,
        String ownFunctionName) {

    public static ReplySettings from(Function<String, String> lookup) {
        Settings settings = new Settings(lookup);
        String ownFunctionName = settings.text(AWS_LAMBDA_FUNCTION_NAME);
        String mode = settings.text(REPLY_MODE);
        return new ReplySettings(
                mode != null
                        ? ReplyHandOff.Mode.parse(mode)
                        : ownFunctionName != null ? ReplyHandOff.Mode.ASYNC : ReplyHandOff.Mode.INLINE,
                settings.duration(STREAM_COALESCE_MS),
                settings.duration(STOP_POLL_MS),
                settings.text(LAMBDA_ENDPOINT),
                ownFunctionName);
    }
}
