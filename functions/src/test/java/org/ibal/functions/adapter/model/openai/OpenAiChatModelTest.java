package org.ibal.functions.adapter.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ibal.testsupport.openai.OpenAiCompatibleStandIn.*;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ibal.functions.adapter.http.StreamTimeouts;
import org.ibal.functions.adapter.http.StreamingHttp;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.port.ChatModel.Cancellation;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.support.MutableClock;
import org.ibal.testsupport.openai.OpenAiCompatibleStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenAiChatModelTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final StreamTimeouts QUICK =
            new StreamTimeouts(Duration.ofMillis(700), Duration.ofMillis(500), Duration.ofSeconds(5));

    final OpenAiCompatibleStandIn server = OpenAiCompatibleStandIn.listening();
    final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    OpenAiChatModel model(String apiKey, int historyBudget) {
        return new OpenAiChatModel(
                new OpenAiConfig(server.baseUrl(), "llama-3.1-8b", apiKey, "Be brief.", historyBudget),
                new StreamingHttp(client, "The model", QUICK),
                new MutableClock(Instant.EPOCH));
    }

    static ChatMessage message(ChatMessage.Role role, String content, int minute) {
        return new ChatMessage(
                "m_" + minute,
                "s_1",
                role,
                content,
                Instant.parse("2026-11-24T09:00:00Z").plusSeconds(60L * minute),
                null,
                null,
                false,
                List.of(),
                List.of());
    }

    JsonNode lastRequest() {
        return JSON.readTree(server.completions().getLast().body());
    }

    @Test
    void stream_deliversEachContentDelta_untilDone() {
        server.then(tokens("Ferns", " reproduce", " with", " spores."));

        ModelReply reply = model("sk-test", 1000).stream(
                new ModelRequest("s_1", "How do ferns reproduce?", List.of(), null, Cancellation.NEVER), deltas::add);

        assertThat(deltas).containsExactly("Ferns", " reproduce", " with", " spores.");
        assertThat(reply).isEqualTo(new ModelReply("Ferns reproduce with spores.", false, List.of(), List.of()));
        var request = server.completions().getFirst();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test");
        JsonNode body = lastRequest();
        assertThat(body.get("model").asString()).isEqualTo("llama-3.1-8b");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asString()).isEqualTo("Be brief.");
        assertThat(body.get("messages").get(1).get("role").asString()).isEqualTo("user");
        assertThat(body.get("messages").get(1).get("content").asString()).isEqualTo("How do ferns reproduce?");
    }

    @Test
    void stream_asksForUsage_andReadsTheProvidersTokenCountsFromTheLastChunk() {
        server.then(OpenAiCompatibleStandIn.tokensWithUsage(57, 4, "Ferns", " use", " spores."));

        ModelReply reply = model("sk-test", 1000).stream(
                new ModelRequest("s_1", "How do ferns reproduce?", List.of(), null, Cancellation.NEVER), deltas::add);

        assertThat(lastRequest().get("stream_options").get("include_usage").asBoolean())
                .isTrue();
        assertThat(reply.text()).isEqualTo("Ferns use spores.");
        assertThat(reply.usage()).isEqualTo(new org.ibal.functions.domain.usage.TokenUsage(57, 4, false));
    }

    @Test
    void stream_sendsNoAuthorization_whenNoKeyIsSet_andTheCourseInTheSystemPrompt() {
        var course = new CourseContext(
                "course-v1:IBAL+BIO101+2026", "block-v1:IBAL+BIO101+2026+type@ibal+block@c1", null, List.of());

        model(null, 1000).stream(new ModelRequest("s_1", "Hi", List.of(), course, Cancellation.NEVER), deltas::add);

        assertThat(server.completions().getFirst().header("Authorization")).isNull();
        assertThat(lastRequest().get("messages").get(0).get("content").asString())
                .startsWith("Be brief.")
                .contains("course course-v1:IBAL+BIO101+2026, unit block-v1:IBAL+BIO101+2026+type@ibal+block@c1");
    }

    @Test
    void stream_sendsTheNewestHistoryThatFitsTheTokenBudget_oldestFirst() {
        // Each message costs ceil(chars / 4) + 4 tokens: 40 chars -> 14 tokens.
        String forty = "x".repeat(40);
        List<ChatMessage> history = List.of(
                message(ChatMessage.Role.USER, "oldest " + forty.substring(7), 1),
                message(ChatMessage.Role.ASSISTANT, "older  " + forty.substring(7), 2),
                message(ChatMessage.Role.USER, "newer  " + forty.substring(7), 3),
                message(ChatMessage.Role.ASSISTANT, "newest " + forty.substring(7), 4));

        model(null, 30).stream(new ModelRequest("s_1", "And now?", history, null, Cancellation.NEVER), deltas::add);

        JsonNode messages = lastRequest().get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).get("role").asString()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asString()).startsWith("newer");
        assertThat(messages.get(2).get("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(2).get("content").asString()).startsWith("newest");
        assertThat(messages.get(3).get("content").asString()).isEqualTo("And now?");
    }

    @Test
    void stream_failsForGood_onABadKey_andRetryably_onRateLimitsAndServerErrors() {
        server.then(
                error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: sk-te***"),
                error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests"),
                error(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota"),
                error(500, "server_error", null, "The server had an error"));
        var model = model("sk-test", 1000);
        var request = new ModelRequest("s_1", "Hi", List.of(), null, Cancellation.NEVER);

        assertThatThrownBy(() -> model.stream(request, deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.REJECTED))
                .hasMessageContaining("OPENAI_API_KEY");
        assertThatThrownBy(() -> model.stream(request, deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED));
        assertThatThrownBy(() -> model.stream(request, deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("quota");
        assertThatThrownBy(() -> model.stream(request, deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR))
                .hasMessageContaining("HTTP 500: The server had an error");
    }

    @Test
    void stream_fails_onAnErrorChunkMidStream_andOnAStreamWithoutDone() {
        server.then(tokensThenError("CUDA out of memory", "Half"), tokensWithoutDone("Half"));
        var model = model(null, 1000);
        var request = new ModelRequest("s_1", "Hi", List.of(), null, Cancellation.NEVER);

        assertThatThrownBy(() -> model.stream(request, deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR))
                .hasMessageContaining("CUDA out of memory");
        assertThatThrownBy(() -> model.stream(request, deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR))
                .hasMessageContaining("before [DONE]");
        assertThat(deltas).containsExactly("Half", "Half");
    }

    @Test
    void stream_stopsWithThePartialText_whenCancelled() {
        server.then(tokens(Duration.ofMillis(150), List.of("One", " two", " three", " four", " five")));
        Cancellation afterTwo = () -> deltas.size() >= 2;

        ModelReply reply =
                model(null, 1000).stream(new ModelRequest("s_1", "Count", List.of(), null, afterTwo), deltas::add);

        assertThat(reply.stopped()).isTrue();
        assertThat(reply.text()).isEqualTo("One two");
    }

    @Test
    void stream_timesOut_whenNoTokenComes() {
        server.then(tokens(Duration.ofSeconds(2), List.of("late")));

        assertThatThrownBy(() -> model(null, 1000).stream(
                        new ModelRequest("s_1", "Hi", List.of(), null, Cancellation.NEVER), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void stream_deliversAWholeCompletionAsOneDelta_whenTheServerIgnoresStream() {
        server.then(completion("All at once."));

        ModelReply reply = model(null, 1000).stream(
                new ModelRequest("s_1", "Hi", List.of(), null, Cancellation.NEVER), deltas::add);

        assertThat(deltas).containsExactly("All at once.");
        assertThat(reply.text()).isEqualTo("All at once.");
    }

    @Test
    void healthy_isTrue_whenTheModelListAnswers() {
        assertThat(model(null, 1000).healthy()).isTrue();
    }
}
