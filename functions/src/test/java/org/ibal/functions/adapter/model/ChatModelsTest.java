package org.ibal.functions.adapter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ibal.functions.adapter.model.resilience.BulkheadChatModel;
import org.ibal.functions.adapter.model.resilience.ResilientChatModel;
import org.ibal.functions.config.ModelSettings;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.ChatModel.Cancellation;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.testsupport.flowise.FlowiseStandIn;
import org.ibal.testsupport.flowise.FlowiseWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatModelsTest {
    final Map<String, String> env = new HashMap<>();
    final List<String> parametersRead = new ArrayList<>();
    final List<ChatModels> opened = new ArrayList<>();

    @AfterEach
    void closeClients() {
        opened.forEach(ChatModels::close);
    }

    ChatModel create() {
        ModelSettings settings = ModelSettings.from(env::get);
        ChatModels models = ChatModels.forSettings(settings, name -> {
            parametersRead.add(name);
            return "key-from-ssm";
        });
        opened.add(models);
        return models.create(settings);
    }

    @Test
    void theDemoModelIsTheDefault_andNeedsNoSecrets() {
        assertThat(create()).isInstanceOf(DemoChatModel.class);
        assertThat(parametersRead).isEmpty();
    }

    @Test
    void maxConcurrentCalls_capsAnyProviderWithABulkhead_andNoneByDefault() {
        env.put("MODEL_MAX_CONCURRENT_CALLS", "0");
        assertThat(create()).isInstanceOf(DemoChatModel.class);

        env.put("MODEL_MAX_CONCURRENT_CALLS", "32");
        assertThat(create()).isInstanceOf(BulkheadChatModel.class);

        env.put("MODEL_MAX_CONCURRENT_CALLS", "-1");
        assertThatThrownBy(this::create).hasMessageContaining("MODEL_MAX_CONCURRENT_CALLS");
    }

    @Test
    void breakerSettings_setItsMinimumAndWait_growingTheWindowToHoldTheMinimum() {
        var defaults = ModelSettings.from(env::get).policy();
        assertThat(defaults.breakerMinimumCalls()).isEqualTo(5);
        assertThat(defaults.breakerWindow()).isEqualTo(10);
        assertThat(defaults.openWait()).isEqualTo(Duration.ofSeconds(30));

        env.put("MODEL_BREAKER_MINIMUM_CALLS", "40");
        env.put("MODEL_BREAKER_WAIT", "PT2S");
        var tuned = ModelSettings.from(env::get).policy();
        assertThat(tuned.breakerMinimumCalls()).isEqualTo(40);
        assertThat(tuned.breakerWindow()).isEqualTo(40);
        assertThat(tuned.openWait()).isEqualTo(Duration.ofSeconds(2));

        env.put("MODEL_BREAKER_MINIMUM_CALLS", "0");
        assertThatThrownBy(() -> ModelSettings.from(env::get)).hasMessageContaining("MODEL_BREAKER_MINIMUM_CALLS");
    }

    @Test
    void flowiseAndOpenAi_comeWrappedInTheResiliencePolicy_withTheirKeyReadFromSsmOnce_andSayIfTheyNeedHistory() {
        env.put("MODEL_PROVIDER", "flowise");
        env.put("FLOWISE_URL", "http://127.0.0.1:9");
        env.put("FLOWISE_API_KEY_PARAMETER", "/ibal/flowise-key");
        ChatModel flowise = create();
        assertThat(flowise).isInstanceOf(ResilientChatModel.class);
        assertThat(flowise.usesHistory()).as("Flowise remembers by session id").isFalse();

        env.put("MODEL_PROVIDER", "OpenAI");
        env.put("OPENAI_API_KEY_PARAMETER", "/ibal/openai-key");
        env.put("MODEL_MAX_CONCURRENT_CALLS", "8");
        ChatModel openAi = create();
        assertThat(openAi).isInstanceOf(BulkheadChatModel.class);
        assertThat(openAi.usesHistory())
                .as("chat completions are stateless; through both wrappers")
                .isTrue();

        assertThat(parametersRead).containsExactly("/ibal/flowise-key", "/ibal/openai-key");
    }

    @Test
    void anInlineKeyWins_overTheParameter() {
        env.put("MODEL_PROVIDER", "flowise");
        env.put("FLOWISE_URL", "http://127.0.0.1:9");
        env.put("FLOWISE_API_KEY", "inline");
        env.put("FLOWISE_API_KEY_PARAMETER", "/ibal/flowise-key");
        create();

        assertThat(parametersRead).isEmpty();
    }

    @Test
    void badConfigurationFailsAtInit_withTheSettingToFix() {
        env.put("MODEL_PROVIDER", "claude");
        assertThatThrownBy(this::create).hasMessageContaining("MODEL_PROVIDER must be one of demo, flowise, openai");

        env.put("MODEL_PROVIDER", "flowise");
        assertThatThrownBy(this::create).hasMessageContaining("FLOWISE_URL");

        env.put("FLOWISE_URL", "http://127.0.0.1:9");
        env.put("FLOWISE_TIMEOUT", "soon");
        assertThatThrownBy(this::create).hasMessageContaining("FLOWISE_TIMEOUT");
    }

    @Test
    void timeoutsAcceptSecondsOrIsoDurations_asTemplateYamlPassesThem() {
        env.put("FLOWISE_TIMEOUT", "PT60S");
        env.put("MODEL_FIRST_TOKEN_TIMEOUT", "15");
        env.put("MODEL_IDLE_TIMEOUT", "PT10S");
        env.put("FLOWISE_MAX_RETRIES", "4");

        var policy = ModelSettings.from(env::get).policy();

        assertThat(policy.timeouts().overall()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.timeouts().firstToken()).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.timeouts().idle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.maxRetries()).isEqualTo(4);
    }

    @Test
    void settingsNeverShowTheirKeys() {
        env.put("FLOWISE_API_KEY", "flowise-secret-123");
        env.put("OPENAI_API_KEY", "sk-secret-456");

        assertThat(ModelSettings.from(env::get).toString()).doesNotContain("secret");
    }

    @Test
    void theWiredFlowiseModel_answersFromFlowise() {
        try (FlowiseStandIn flowise = FlowiseStandIn.listening()) {
            flowise.then(FlowiseStandIn.stream(FlowiseWire.start(), FlowiseWire.token("Wired"), FlowiseWire.end()));
            env.put("MODEL_PROVIDER", "flowise");
            env.put("FLOWISE_URL", flowise.url().toString());
            env.put("FLOWISE_CHATFLOW_ID", "cf-1");
            List<String> deltas = new ArrayList<>();

            var reply =
                    create().stream(new ModelRequest("s_1", "Hi", List.of(), null, Cancellation.NEVER), deltas::add);

            assertThat(reply.text()).isEqualTo("Wired");
            assertThat(flowise.predictions())
                    .singleElement()
                    .satisfies(p -> assertThat(p.path()).isEqualTo("/api/v1/prediction/cf-1"));
        }
    }
}
