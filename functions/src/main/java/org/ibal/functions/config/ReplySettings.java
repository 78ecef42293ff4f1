package org.ibal.functions.config;

import java.time.Duration;
import java.util.function.Function;
import org.ibal.functions.handler.ws.ReplyHandOff;

/**
 * How replies run and stream (functions/README.md, "Replies"): read apart from {@link IbalSettings} because they
 * concern the chat function alone.
 *
 * @param mode            {@code REPLY_MODE}: async on Lambda (where {@code AWS_LAMBDA_FUNCTION_NAME} is set), else
 *                        inline
 * @param coalesceWindow  {@code STREAM_COALESCE_MS}, default 100; 0 sends every delta as its own chunk
 * @param stopPollEvery   {@code STOP_POLL_MS}, default 250
 * @param lambdaEndpoint  {@code LAMBDA_ENDPOINT}, or null for the regional endpoint
 * @param ownFunctionName {@code AWS_LAMBDA_FUNCTION_NAME} (set by Lambda), or null
 */
public record ReplySettings(ReplyHandOff.Mode mode, Duration coalesceWindow, Duration stopPollEvery,
                            String lambdaEndpoint, String ownFunctionName) {

    public static ReplySettings from(Function<String, String> lookup) {
        String ownFunctionName = text(lookup, "AWS_LAMBDA_FUNCTION_NAME");
        String mode = text(lookup, "REPLY_MODE");
        return new ReplySettings(
                mode != null ? ReplyHandOff.Mode.parse(mode)
                        : ownFunctionName != null ? ReplyHandOff.Mode.ASYNC : ReplyHandOff.Mode.INLINE,
                Duration.ofMillis(millis(lookup, "STREAM_COALESCE_MS", 100, 0)),
                Duration.ofMillis(millis(lookup, "STOP_POLL_MS", 250, 1)),
                text(lookup, "LAMBDA_ENDPOINT"),
                ownFunctionName);
    }

    private static String text(Function<String, String> lookup, String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static long millis(Function<String, String> lookup, String name, long fallback, long min) {
        String value = text(lookup, name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= 60_000) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a whole number of milliseconds from " + min
                + " to 60000, not \"" + value + "\"");
    }
}
