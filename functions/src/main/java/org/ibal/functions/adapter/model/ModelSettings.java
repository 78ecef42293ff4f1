package org.ibal.functions.adapter.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import org.ibal.functions.adapter.http.StreamTimeouts;
import org.ibal.functions.adapter.model.resilience.ModelPolicy;

/**
 * The model settings (adapter/model/README.md), read by name from the same lookup as {@code IbalSettings}.
 * Secrets stay as given here — inline or an SSM parameter name — and are resolved once by {@link ChatModels}.
 */
public record ModelSettings(
        String provider,
        Duration demoDelay,
        String flowiseUrl,
        String flowiseChatflowId,
        String flowiseApiKey,
        String flowiseApiKeyParameter,
        String openAiBaseUrl,
        String openAiModel,
        String openAiApiKey,
        String openAiApiKeyParameter,
        String openAiSystemPrompt,
        int openAiHistoryTokenBudget,
        ModelPolicy policy) {

    public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final int DEFAULT_HISTORY_TOKEN_BUDGET = 3000;

    public static ModelSettings from(Function<String, String> lookup) {
        Function<String, String> text = name -> {
            String value = lookup.apply(name);
            return value == null || value.isBlank() ? null : value.strip();
        };
        String provider = orElse(text.apply("MODEL_PROVIDER"), "demo").toLowerCase(Locale.ROOT);
        StreamTimeouts timeouts = new StreamTimeouts(
                seconds(text, "MODEL_FIRST_TOKEN_TIMEOUT", ModelPolicy.DEFAULT_FIRST_TOKEN),
                seconds(text, "MODEL_IDLE_TIMEOUT", ModelPolicy.DEFAULT_IDLE),
                seconds(text, "FLOWISE_TIMEOUT", ModelPolicy.DEFAULT_OVERALL));
        return new ModelSettings(
                provider,
                Duration.ofMillis(whole(text, "DEMO_MODEL_DELAY_MS", 0)),
                text.apply("FLOWISE_URL"),
                text.apply("FLOWISE_CHATFLOW_ID"),
                text.apply("FLOWISE_API_KEY"),
                text.apply("FLOWISE_API_KEY_PARAMETER"),
                orElse(text.apply("OPENAI_BASE_URL"), DEFAULT_OPENAI_BASE_URL),
                orElse(text.apply("OPENAI_MODEL"), DEFAULT_OPENAI_MODEL),
                text.apply("OPENAI_API_KEY"),
                text.apply("OPENAI_API_KEY_PARAMETER"),
                text.apply("OPENAI_SYSTEM_PROMPT"),
                (int) whole(text, "OPENAI_HISTORY_TOKEN_BUDGET", DEFAULT_HISTORY_TOKEN_BUDGET),
                ModelPolicy.defaults(timeouts, (int) whole(text, "FLOWISE_MAX_RETRIES", ModelPolicy.DEFAULT_MAX_RETRIES))
                        .withBreakerSettings(positive(text, "MODEL_BREAKER_MINIMUM_CALLS",
                                        ModelPolicy.DEFAULT_BREAKER_MINIMUM_CALLS),
                                seconds(text, "MODEL_BREAKER_WAIT", ModelPolicy.DEFAULT_BREAKER_WAIT))
                        .withMaxConcurrentCalls((int) whole(text, "MODEL_MAX_CONCURRENT_CALLS",
                                ModelPolicy.UNLIMITED)));
    }

    /** Whole seconds ("120") or an ISO-8601 duration ("PT2M", as template.yaml passes FLOWISE_TIMEOUT). */
    static Duration seconds(Function<String, String> text, String name, Duration fallback) {
        String value = text.apply(name);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        try {
            duration = value.toUpperCase(Locale.ROOT).startsWith("P")
                    ? Duration.parse(value)
                    : Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalStateException(name + " must be whole seconds or an ISO-8601 duration, not \"" + value
                    + "\"");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalStateException(name + " must be positive, not " + value);
        }
        return duration;
    }

    private static long whole(Function<String, String> text, String name, long fallback) {
        String value = text.apply(name);
        if (value == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, not \"" + value + "\"");
        }
        if (number < 0 || number > Integer.MAX_VALUE) {
            throw new IllegalStateException(name + " must not be negative, not " + value);
        }
        return number;
    }

    private static int positive(Function<String, String> text, String name, int fallback) {
        long number = whole(text, name, fallback);
        if (number == 0) {
            throw new IllegalStateException(name + " must be at least 1");
        }
        return (int) number;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** Keys are secrets: never in logs or exception messages. */
    @Override
    public String toString() {
        return "ModelSettings[provider=" + provider + ", flowiseUrl=" + flowiseUrl + ", flowiseChatflowId="
                + flowiseChatflowId + ", openAiBaseUrl=" + openAiBaseUrl + ", openAiModel=" + openAiModel
                + ", policy=" + policy + "]";
    }
}
