package org.ibal.functions.config;

import static org.ibal.config.Setting.DEMO_MODEL_DELAY_MS;
import static org.ibal.config.Setting.FLOWISE_API_KEY;
import static org.ibal.config.Setting.FLOWISE_API_KEY_PARAMETER;
import static org.ibal.config.Setting.FLOWISE_CHATFLOW_ID;
import static org.ibal.config.Setting.FLOWISE_MAX_RETRIES;
import static org.ibal.config.Setting.FLOWISE_TIMEOUT;
import static org.ibal.config.Setting.FLOWISE_URL;
import static org.ibal.config.Setting.MODEL_BREAKER_MINIMUM_CALLS;
import static org.ibal.config.Setting.MODEL_BREAKER_WAIT;
import static org.ibal.config.Setting.MODEL_FIRST_TOKEN_TIMEOUT;
import static org.ibal.config.Setting.MODEL_IDLE_TIMEOUT;
import static org.ibal.config.Setting.MODEL_MAX_CONCURRENT_CALLS;
import static org.ibal.config.Setting.MODEL_PROVIDER;
import static org.ibal.config.Setting.OPENAI_API_KEY;
import static org.ibal.config.Setting.OPENAI_API_KEY_PARAMETER;
import static org.ibal.config.Setting.OPENAI_BASE_URL;
import static org.ibal.config.Setting.OPENAI_HISTORY_TOKEN_BUDGET;
import static org.ibal.config.Setting.OPENAI_MODEL;
import static org.ibal.config.Setting.OPENAI_SYSTEM_PROMPT;

import java.time.Duration;
import java.util.function.Function;
import org.ibal.config.Settings;
import org.ibal.functions.adapter.http.StreamTimeouts;
import org.ibal.functions.adapter.model.resilience.ModelPolicy;

/**
 * The model settings (adapter/model/README.md), read through the catalogue from the same lookup as
 * {@code IbalSettings}.
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

    public static ModelSettings from(Function<String, String> lookup) {
        Settings settings = new Settings(lookup);
        StreamTimeouts timeouts = new StreamTimeouts(
                settings.duration(MODEL_FIRST_TOKEN_TIMEOUT),
                settings.duration(MODEL_IDLE_TIMEOUT),
                settings.duration(FLOWISE_TIMEOUT));
        return new ModelSettings(
                settings.text(MODEL_PROVIDER),
                Duration.ofMillis(settings.whole(DEMO_MODEL_DELAY_MS)),
                settings.text(FLOWISE_URL),
                settings.text(FLOWISE_CHATFLOW_ID),
                settings.text(FLOWISE_API_KEY),
                settings.text(FLOWISE_API_KEY_PARAMETER),
                settings.text(OPENAI_BASE_URL),
                settings.text(OPENAI_MODEL),
                settings.text(OPENAI_API_KEY),
                settings.text(OPENAI_API_KEY_PARAMETER),
                settings.text(OPENAI_SYSTEM_PROMPT),
                settings.whole(OPENAI_HISTORY_TOKEN_BUDGET),
                ModelPolicy.defaults(timeouts, settings.whole(FLOWISE_MAX_RETRIES))
                        .withBreakerSettings(
                                settings.whole(MODEL_BREAKER_MINIMUM_CALLS), settings.duration(MODEL_BREAKER_WAIT))
                        .withMaxConcurrentCalls(settings.whole(MODEL_MAX_CONCURRENT_CALLS)));
    }

    /** Keys are secrets: never in logs or exception messages. */
    @Override
    public String toString() {
        return "ModelSettings[provider=" + provider + ", flowiseUrl=" + flowiseUrl + ", flowiseChatflowId="
                + flowiseChatflowId + ", openAiBaseUrl=" + openAiBaseUrl + ", openAiModel=" + openAiModel
                + ", policy=" + policy + "]";
    }
}
