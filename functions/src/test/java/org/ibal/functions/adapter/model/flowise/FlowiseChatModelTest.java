package org.ibal.functions.adapter.model.flowise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ibal.testsupport.flowise.FlowiseStandIn.*;
import static org.ibal.testsupport.flowise.FlowiseWire.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ibal.functions.adapter.http.StreamTimeouts;
import org.ibal.functions.adapter.http.StreamingHttp;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Source;
import org.ibal.functions.domain.port.ChatModel.Cancellation;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.support.MutableClock;
import org.ibal.testsupport.flowise.FlowiseStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FlowiseChatModelTest {
    static final String CHATFLOW = "1f0b3c5e-8d2a-4f6b-9c7d-0e1a2b3c4d5e";
    static final String SESSION = "s_01JDX2K8ZQ";
    static final StreamTimeouts QUICK =
            new StreamTimeouts(Duration.ofMillis(700), Duration.ofMillis(500), Duration.ofSeconds(5));

    final FlowiseStandIn flowise = FlowiseStandIn.listening();
    final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T09:00:00Z"));
    final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        flowise.close();
        client.close();
    }

    FlowiseChatModel model(String apiKey) {
        return new FlowiseChatModel(
                new FlowiseConfig(flowise.url(), CHATFLOW, apiKey), new StreamingHttp(client, "Flowise", QUICK), clock);
    }

    static ModelRequest ask(String question) {
        return new ModelRequest(SESSION, question, List.of(), null, Cancellation.NEVER);
    }

    @Test
    void stream_deliversTokens_andReadsSourcesAndFollowUps_fromFlowisesEventStream() {
        flowise.then(stream(
                start(),
                heartbeat(),
                token("Photo"),
                token("synthesis "),
                heartbeat(),
                token("makes sugar."),
                sourceDocuments(documents(
                        "Plants turn light into chemical energy.",
                        "https://bio.example/ch3",
                        "Chapter 3",
                        "Chlorophyll absorbs light.",
                        "notes/leaf.pdf",
                        null)),
                metadata(
                        SESSION,
                        SESSION,
                        "What is photosynthesis?",
                        "\"[\\\"What is chlorophyll?\\\",\\\"Where does it happen?\\\"]\""),
                end()));

        ModelReply reply = model(null).stream(ask("What is photosynthesis?"), deltas::add);

        assertThat(deltas).containsExactly("Photo", "synthesis ", "makes sugar.");
        assertThat(reply.text()).isEqualTo("Photosynthesis makes sugar.");
        assertThat(reply.stopped()).isFalse();
        assertThat(reply.sources())
                .containsExactly(
                        new Source("Chapter 3", "https://bio.example/ch3", "Plants turn light into chemical energy."),
                        new Source("notes/leaf.pdf", null, "Chlorophyll absorbs light."));
        assertThat(reply.followUps()).containsExactly("What is chlorophyll?", "Where does it happen?");
    }

    @Test
    void stream_postsTheQuestionWithTheSessionAsFlowiseMemory_andNoKeyWhenNoneIsSet() {
        flowise.then(stream(start(), token("Hi"), end()));

        model(null).stream(ask("Hello?"), deltas::add);

        Received request = flowise.predictions().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/prediction/" + CHATFLOW);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isNull();
        assertThat(jsonOf(request).get("question").asString()).isEqualTo("Hello?");
        assertThat(jsonOf(request).get("streaming").asBoolean()).isTrue();
        assertThat(jsonOf(request).get("overrideConfig").get("sessionId").asString())
                .isEqualTo(SESSION);
        assertThat(jsonOf(request).get("overrideConfig").has("vars")).isFalse();
    }

    @Test
    void stream_usesTheCoursesChatflow_passesTheCourseAsVars_andSendsTheKey() {
        flowise.then(stream(start(), token("Hi"), end()));
        var course = new CourseContext(
                "course-v1:IBAL+BIO101+2026",
                "block-v1:IBAL+BIO101+2026+type@ibal+block@c1",
                "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4",
                List.of("student"));

        model("flowise-key-123").stream(
                new ModelRequest(SESSION, "Hello?", List.of(), course, Cancellation.NEVER), deltas::add);

        Received request = flowise.predictions().getFirst();
        assertThat(request.path()).isEqualTo("/api/v1/prediction/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4");
        assertThat(request.header("Authorization")).isEqualTo("Bearer flowise-key-123");
        var vars = jsonOf(request).get("overrideConfig").get("vars");
        assertThat(vars.get("courseId").asString()).isEqualTo("course-v1:IBAL+BIO101+2026");
        assertThat(vars.get("blockId").asString()).isEqualTo("block-v1:IBAL+BIO101+2026+type@ibal+block@c1");
    }

    @Test
    void stream_failsRetryably_onAnErrorEventInsideThe200Stream() {
        flowise.then(stream(start(), errorEvent("Error: 503 upstream model overloaded"), end()));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR);
                    assertThat(f.retryable()).isTrue();
                })
                .hasMessageContaining("upstream model overloaded");
        assertThat(deltas).isEmpty();
    }

    @Test
    void stream_readsABadKeyInsideTheStream_asARefusalNotWorthRetrying() {
        // Flowise 3.x checks the chatflow key after it flushed the SSE headers.
        flowise.then(stream(errorEvent("Error: predictionsServices.buildChatflow - Unauthorized"), end()));

        assertThatThrownBy(() -> model("wrong").stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.REJECTED);
                    assertThat(f.retryable()).isFalse();
                })
                .hasMessageContaining("FLOWISE_API_KEY");
    }

    @Test
    void stream_deliversAWholeJsonAnswerAsOneDelta_whenTheChatflowCannotStream() {
        flowise.then(json(200, """
                {"text":"Mitochondria make ATP.","question":"What do mitochondria do?",\
                "chatId":"s_01JDX2K8ZQ","chatMessageId":"0d9b2f7e-1c3a-4b5d-8e6f-7a8b9c0d1e2f",\
                "isStreamValid":false,"sessionId":"s_01JDX2K8ZQ","memoryType":"Buffer Memory",\
                "sourceDocuments":[{"pageContent":"The powerhouse of the cell.","metadata":{"url":"https://bio.example/mito","title":"Cells"}}],\
                "followUpPrompts":"\\"[\\\\\\"What is ATP?\\\\\\"]\\""}"""));

        ModelReply reply = model(null).stream(ask("What do mitochondria do?"), deltas::add);

        assertThat(deltas).containsExactly("Mitochondria make ATP.");
        assertThat(reply.text()).isEqualTo("Mitochondria make ATP.");
        assertThat(reply.sources())
                .containsExactly(new Source("Cells", "https://bio.example/mito", "The powerhouse of the cell."));
        assertThat(reply.followUps()).containsExactly("What is ATP?");
    }

    @Test
    void stream_failsRetryably_on429WithPlainText() {
        flowise.then(rateLimited("Too many requests, please try again later."));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(f.retryable()).isTrue();
                })
                .hasMessageContaining("Too many requests");
    }

    @Test
    void stream_failsForGood_onAnUnknownChatflow_withoutWaitingForAStreamFlowiseNeverAnswers() {
        flowise.unknownChatflow(CHATFLOW);

        long started = System.nanoTime();
        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.REJECTED);
                    assertThat(f.retryable()).isFalse();
                })
                .hasMessageContaining("no chatflow " + CHATFLOW)
                .hasMessageContaining("FLOWISE_CHATFLOW_ID");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICK.firstToken());
        assertThat(flowise.predictions()).isEmpty();
    }

    @Test
    void stream_asksOnceWhetherAChatflowStreams_andPredictsWithoutStreaming_whenItCannot() {
        flowise.nonStreamingChatflow(CHATFLOW)
                .then(
                        json(200, "{\"text\":\"One\",\"chatId\":\"s\"}"),
                        json(200, "{\"text\":\"Two\",\"chatId\":\"s\"}"));
        FlowiseChatModel model = model(null);

        model.stream(ask("Hi"), deltas::add);
        model.stream(ask("Again"), deltas::add);

        assertThat(deltas).containsExactly("One", "Two");
        assertThat(flowise.streamingChecks()).isEqualTo(1);
        assertThat(flowise.predictions())
                .allSatisfy(
                        p -> assertThat(jsonOf(p).get("streaming").asBoolean()).isFalse());
    }

    @Test
    void stream_failsForGood_whenAPredictionAnswers404() {
        flowise.then(error(404, "Chatflow " + CHATFLOW + " not found in the database!"));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("FLOWISE_CHATFLOW_ID");
    }

    @Test
    void stream_failsForGood_onABadKey_as401OrAsFlowisesWrapped500() {
        flowise.then(
                json(401, "{\"error\":\"Unauthorized Access\"}"),
                error(500, "Error: predictionsServices.buildChatflow - Unauthorized"));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> model("wrong").stream(ask("Hi"), deltas::add))
                    .isInstanceOfSatisfying(
                            ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.REJECTED))
                    .hasMessageContaining("FLOWISE_API_KEY");
        }
    }

    @Test
    void stream_failsRetryably_on5xx() {
        flowise.then(error(503, "Service Unavailable"));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR);
                    assertThat(f.retryable()).isTrue();
                })
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void stream_timesOut_whenOnlyHeartbeatsComeBeforeTheFirstToken() {
        flowise.then(
                stream(start(), heartbeatsFor(Duration.ofSeconds(3), Duration.ofMillis(100)), token("late"), end()));

        long started = System.nanoTime();
        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("no first token within 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(deltas).isEmpty();
    }

    @Test
    void stream_timesOut_whenTheStreamStallsBetweenTokens() {
        flowise.then(
                stream(start(), token("Half an"), heartbeat(), pause(Duration.ofSeconds(3)), token(" answer"), end()));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("stalled: no token for 500 ms");
        assertThat(deltas).containsExactly("Half an");
    }

    @Test
    void stream_fails_whenTheConnectionDropsMidStream() {
        flowise.then(stream(start(), token("Half an"), drop()));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR))
                .hasMessageContaining("Flowise broke off the answer");
        assertThat(deltas).containsExactly("Half an");
    }

    @Test
    void stream_fails_whenTheStreamEndsWithoutItsEndEvent() {
        flowise.then(stream(start(), token("Half an")));

        assertThatThrownBy(() -> model(null).stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.SERVER_ERROR))
                .hasMessageContaining("before its end event");
    }

    @Test
    void stream_stopsWithThePartialText_andAsksFlowiseToAbort_whenCancelledMidStream() {
        flowise.then(stream(
                start(),
                token("One"),
                token(" two"),
                pause(Duration.ofMillis(300)),
                token(" three"),
                pause(Duration.ofSeconds(3)),
                token(" four"),
                end()));
        Cancellation afterThreeTokens = () -> deltas.size() >= 3;

        ModelReply reply = model("flowise-key-123").stream(
                new ModelRequest(SESSION, "Count", List.of(), null, afterThreeTokens), deltas::add);

        assertThat(reply.stopped()).isTrue();
        assertThat(reply.text()).isEqualTo("One two three");
        assertThat(deltas).containsExactly("One", " two", " three");
        assertThat(flowise.aborts()).singleElement().satisfies(abort -> {
            assertThat(abort.method()).isEqualTo("PUT");
            assertThat(abort.path()).isEqualTo("/api/v1/chatmessage/abort/" + CHATFLOW + "/" + SESSION);
            assertThat(abort.header("Authorization")).isEqualTo("Bearer flowise-key-123");
        });
    }

    @Test
    void stream_sumsTheUsageMetadataOfAnAgentflowsLlmNodes_andAChatflowReportsNone() {
        flowise.then(
                stream(start(), token("Spores."), usageMetadata(120, 9), usageMetadata(30, 3), end()),
                stream(start(), token("Spores."), end()));

        ModelReply agentflow = model(null).stream(ask("How do ferns reproduce?"), deltas::add);
        ModelReply chatflow = model(null).stream(ask("How do ferns reproduce?"), deltas::add);

        assertThat(agentflow.usage()).isEqualTo(new org.ibal.functions.domain.usage.TokenUsage(150, 12, false));
        assertThat(chatflow.usage()).as("then the console estimates").isNull();
    }

    @Test
    void stream_keepsThePartialAsStopped_whenFlowiseSendsAnAbortEvent() {
        flowise.then(stream(start(), token("One"), abortEvent(), end()));

        ModelReply reply = model(null).stream(ask("Count"), deltas::add);

        assertThat(reply.stopped()).isTrue();
        assertThat(reply.text()).isEqualTo("One");
        assertThat(flowise.aborts()).isEmpty();
    }

    @Test
    void stream_failsRetryably_whenFlowiseIsUnreachable() {
        URI closed = flowise.url();
        flowise.close();
        var model = new FlowiseChatModel(
                new FlowiseConfig(closed, CHATFLOW, null), new StreamingHttp(client, "Flowise", QUICK), clock);

        assertThatThrownBy(() -> model.stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(ModelFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.CONNECT);
                    assertThat(f.retryable()).isTrue();
                })
                .hasMessageContaining("unreachable");
    }

    @Test
    void stream_refuses_whenNeitherTheCourseNorTheDeploymentNamesAChatflow() {
        var model = new FlowiseChatModel(
                new FlowiseConfig(flowise.url(), null, null), new StreamingHttp(client, "Flowise", QUICK), clock);

        assertThatThrownBy(() -> model.stream(ask("Hi"), deltas::add))
                .isInstanceOfSatisfying(
                        ModelFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.REJECTED))
                .hasMessageContaining("FLOWISE_CHATFLOW_ID");
        assertThat(flowise.predictions()).isEmpty();
    }

    @Test
    void healthy_asksPingOnceForAFewSeconds_andIsFalseWhenPingFails() {
        FlowiseChatModel model = model(null);

        assertThat(model.healthy()).isTrue();
        assertThat(model.healthy()).isTrue();
        assertThat(flowise.pings()).isEqualTo(1);

        flowise.pingAnswersPong(false);
        clock.advance(Duration.ofSeconds(6));
        assertThat(model.healthy()).isFalse();
        assertThat(flowise.pings()).isEqualTo(2);
    }

    private static JsonNode jsonOf(FlowiseStandIn.Received received) {
        return ModelJson.MAPPER.readTree(received.body());
    }
}
