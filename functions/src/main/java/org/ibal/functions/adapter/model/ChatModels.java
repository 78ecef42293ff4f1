package org.ibal.functions.adapter.model;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ibal.functions.adapter.http.StreamingHttp;
import org.ibal.functions.adapter.model.flowise.FlowiseChatModel;
import org.ibal.functions.adapter.model.flowise.FlowiseConfig;
import org.ibal.functions.adapter.model.openai.OpenAiChatModel;
import org.ibal.functions.adapter.model.openai.OpenAiConfig;
import org.ibal.functions.adapter.model.resilience.BulkheadChatModel;
import org.ibal.functions.adapter.model.resilience.ModelPolicy;
import org.ibal.functions.adapter.model.resilience.ModelResilience;
import org.ibal.functions.adapter.model.resilience.ResilientChatModel;
import org.ibal.functions.config.ModelSettings;
import org.ibal.functions.domain.port.ChatModel;

/**
 * Builds the {@link ChatModel} that {@code MODEL_PROVIDER} names. A new provider is one adapter class and one line
 * in {@link #PROVIDERS}; every remote one gets the same resilience ({@link ResilientChatModel}), and any one the
 * instance-wide cap on concurrent replies ({@link BulkheadChatModel}) when {@code MODEL_MAX_CONCURRENT_CALLS} is set.
 */
public final class ChatModels implements AutoCloseable {
    @FunctionalInterface
    private interface Provider {
        ChatModel create(ChatModels models, ModelSettings settings);
    }

    private static final Map<String, Provider> PROVIDERS = new TreeMap<>(Map.of(
            "demo", (models, settings) -> new DemoChatModel(settings.demoDelay()),
            "flowise", ChatModels::flowise,
            "openai", ChatModels::openAi));

    private final Supplier<HttpClient> newHttpClient;
    /** Built by the first remote provider: the demo model needs none, and building one costs ~20 ms of a cold start. */
    private HttpClient http;

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final Clock clock;
    private final Function<String, String> readParameter;

    /**
     * @param newHttpClient builds the HTTP client the remote providers share (called at most once)
     * @param readParameter reads a decrypted SSM SecureString (AwsClients::secureParameter)
     */
    public ChatModels(
            Supplier<HttpClient> newHttpClient,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            Clock clock,
            Function<String, String> readParameter) {
        this.newHttpClient = newHttpClient;
        this.retries = retries;
        this.breakers = breakers;
        this.clock = clock;
        this.readParameter = readParameter;
    }

    /** Everything from the settings' policy: one HTTP client (built when a remote provider needs it), one retry and one
     * breaker registry. */
    public static ChatModels forSettings(ModelSettings settings, Function<String, String> readParameter) {
        return new ChatModels(
                () -> ModelResilience.httpClient(settings.policy()),
                ModelResilience.retries(settings.policy()),
                ModelResilience.breakers(settings.policy()),
                Clock.systemUTC(),
                readParameter);
    }

    /** @throws IllegalStateException for an unknown provider or a missing setting — at init, not at the first question */
    public ChatModel create(ModelSettings settings) {
        Provider provider = PROVIDERS.get(settings.provider());
        if (provider == null) {
            throw new IllegalStateException(
                    "MODEL_PROVIDER must be one of " + PROVIDERS.keySet() + ", not " + settings.provider());
        }
        try {
            ChatModel model = provider.create(this, settings);
            int cap = settings.policy().maxConcurrentCalls();
            return cap == ModelPolicy.UNLIMITED ? model : new BulkheadChatModel(model, cap);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = newHttpClient.get();
        }
        return http;
    }

    private ChatModel flowise(ModelSettings settings) {
        if (settings.flowiseUrl() == null) {
            throw new IllegalStateException("MODEL_PROVIDER flowise needs FLOWISE_URL");
        }
        String key = SecretSetting.resolve(
                "FLOWISE_API_KEY", settings.flowiseApiKey(), settings.flowiseApiKeyParameter(), readParameter);
        FlowiseConfig config = new FlowiseConfig(URI.create(settings.flowiseUrl()), settings.flowiseChatflowId(), key);
        return resilient("flowise", new FlowiseChatModel(config, streaming("Flowise", settings), clock), settings);
    }

    private ChatModel openAi(ModelSettings settings) {
        String key = SecretSetting.resolve(
                "OPENAI_API_KEY", settings.openAiApiKey(), settings.openAiApiKeyParameter(), readParameter);
        OpenAiConfig config = new OpenAiConfig(
                URI.create(settings.openAiBaseUrl()),
                settings.openAiModel(),
                key,
                settings.openAiSystemPrompt(),
                settings.openAiHistoryTokenBudget());
        return resilient(
                "openai",
                new OpenAiChatModel(config, streaming("The OpenAI-compatible model", settings), clock),
                settings);
    }

    private StreamingHttp streaming(String label, ModelSettings settings) {
        return new StreamingHttp(http(), label, settings.policy().timeouts());
    }

    private ChatModel resilient(String name, ChatModel adapter, ModelSettings settings) {
        return new ResilientChatModel(
                name, adapter, retries, breakers, settings.policy().timeouts().overall());
    }
}
