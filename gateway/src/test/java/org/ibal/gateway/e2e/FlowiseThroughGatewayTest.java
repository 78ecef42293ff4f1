package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ibal.testsupport.flowise.FlowiseStandIn.error;
import static org.ibal.testsupport.flowise.FlowiseStandIn.json;
import static org.ibal.testsupport.flowise.FlowiseStandIn.rateLimited;
import static org.ibal.testsupport.flowise.FlowiseStandIn.stream;
import static org.ibal.testsupport.flowise.FlowiseWire.documents;
import static org.ibal.testsupport.flowise.FlowiseWire.drop;
import static org.ibal.testsupport.flowise.FlowiseWire.end;
import static org.ibal.testsupport.flowise.FlowiseWire.errorEvent;
import static org.ibal.testsupport.flowise.FlowiseWire.heartbeat;
import static org.ibal.testsupport.flowise.FlowiseWire.heartbeatsFor;
import static org.ibal.testsupport.flowise.FlowiseWire.metadata;
import static org.ibal.testsupport.flowise.FlowiseWire.pause;
import static org.ibal.testsupport.flowise.FlowiseWire.sourceDocuments;
import static org.ibal.testsupport.flowise.FlowiseWire.start;
import static org.ibal.testsupport.flowise.FlowiseWire.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ibal.testsupport.flowise.FlowiseStandIn;
import org.ibal.testsupport.flowise.FlowiseStandIn.Step;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flowise's wire format end to end: the project's template.yaml and the real functions jar with
 * MODEL_PROVIDER=flowise behind a real gateway, a real WebSocket client, and a stand-in that writes Flowise 3.x's
 * exact bytes. Each scenario ends with the frames the client sees and what the HTTP API says is stored. The
 * breaker is kept out of the way here (a huge minimum of calls) so the scenarios don't trip it for each other;
 * {@link FlowiseBreakerThroughGatewayTest} watches it open and recover.
 */
class FlowiseThroughGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHATFLOW = "3f1c8a52-9d0e-4b7a-8c21-5e6f7a8b9c0d";

    @RegisterExtension
    static final FlowiseGateways stack = new FlowiseGateways(Map.of("MODEL_BREAKER_MINIMUM_CALLS", "1000"));

    @BeforeEach
    void freshScript() {
        stack.flowise().reset();
    }

    @Test
    void sseStreamWithHeartbeats_arrivesAsChunks_andTheStoredReplyKeepsSourcesAndFollowUps() throws Exception {
        stack.flowise()
                .then(stream(
                        start(),
                        heartbeat(),
                        token("Photo"),
                        token("synthesis "),
                        heartbeat(),
                        token("makes sugar."),
                        sourceDocuments(documents(
                                "Plants turn light into chemical energy.", "https://bio.example/ch3", "Chapter 3")),
                        metadata("s", "s", "What is photosynthesis?", "\"[\\\"What is chlorophyll?\\\"]\""),
                        end()));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            List<JsonNode> frames = ada.ask("c-1", "What is photosynthesis?");

            assertThat(frames.getFirst().path("type").asText()).isEqualTo("ack");
            JsonNode message = finalMessage(frames);
            assertThat(message.path("content").asText())
                    .isEqualTo("Photosynthesis makes sugar.")
                    .isEqualTo(streamed(frames));
            assertThat(message.path("sources").get(0).path("url").asText()).isEqualTo("https://bio.example/ch3");
            assertThat(message.path("sources").get(0).path("title").asText()).isEqualTo("Chapter 3");
            assertThat(message.path("followUps").get(0).asText()).isEqualTo("What is chlorophyll?");

            List<JsonNode> stored = ada.history();
            assertThat(stored).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant");
            assertThat(stored.get(1).path("content").asText()).isEqualTo("Photosynthesis makes sugar.");
            assertThat(stored.get(1).path("sources").get(0).path("snippet").asText())
                    .isEqualTo("Plants turn light into chemical energy.");
            assertThat(stored.get(1).path("followUps").get(0).asText()).isEqualTo("What is chlorophyll?");
            assertThat(JSON.readTree(stack.flowise().predictions().getFirst().body())
                            .path("overrideConfig")
                            .path("sessionId")
                            .asText())
                    .as("Flowise's memory is keyed by the IBAL session")
                    .isEqualTo(ada.sessionId());
        }
    }

    @Test
    void aChatflowThatCannotStream_answersJson_deliveredAsOneChunk() throws Exception {
        stack.flowise().then(json(200, """
        {"text":"Mitochondria make ATP.","question":"q","chatId":"s","chatMessageId":"0d9b","isStreamValid":false,\
        "sessionId":"s","memoryType":"Buffer Memory",\
        "sourceDocuments":[{"pageContent":"The powerhouse of the cell.","metadata":{"url":"https://bio.example/mito","title":"Cells"}}],\
        "followUpPrompts":"\\"[\\\\\\"What is ATP?\\\\\\"]\\""}"""));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            List<JsonNode> frames = ada.ask("c-1", "What do mitochondria do?");

            assertThat(chunks(frames)).hasSize(1);
            JsonNode message = finalMessage(frames);
            assertThat(message.path("content").asText()).isEqualTo("Mitochondria make ATP.");
            assertThat(message.path("sources").get(0).path("title").asText()).isEqualTo("Cells");
            assertThat(message.path("followUps").get(0).asText()).isEqualTo("What is ATP?");
            assertThat(ada.history()).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant");
        }
    }

    @Test
    void anErrorEventInsideThe200_isRetried_thenAnsweredRetryably_andOnlyTheQuestionIsStored() throws Exception {
        FlowiseStandIn.Reply failed = stream(start(), errorEvent("Error: OpenAI API error: 500 upstream"));
        stack.flowise().then(failed, failed, failed);

        assertFailsKeepingTheQuestion(true, 3);
    }

    @Test
    void a429WithPlainText_isRetried_thenAnsweredRetryably() throws Exception {
        FlowiseStandIn.Reply limited = rateLimited("Too many requests, please try again later.");
        stack.flowise().then(limited, limited, limited);

        assertFailsKeepingTheQuestion(true, 3);
    }

    @Test
    void an404UnknownChatflow_isAskedOnce_andAnsweredAsNotRetryable() throws Exception {
        stack.flowise().then(error(404, "Chatflow " + CHATFLOW + " not found in the database!"));

        assertFailsKeepingTheQuestion(false, 1);
    }

    @Test
    void an401BadKey_isAskedOnce_andAnsweredAsNotRetryable() throws Exception {
        stack.flowise().then(json(401, "{\"error\":\"Unauthorized Access\"}"));

        assertFailsKeepingTheQuestion(false, 1);
    }

    @Test
    void aFirstTokenSlowerThanItsTimeout_onlyHeartbeats_failsEachAttempt_andIsAnsweredRetryably() throws Exception {
        FlowiseStandIn.Reply busy =
                stream(start(), heartbeatsFor(Duration.ofSeconds(3), Duration.ofMillis(200)), token("late"), end());
        stack.flowise().then(busy, busy, busy);

        assertFailsKeepingTheQuestion(true, 3);
    }

    @Test
    void aSlowFirstTokenWithinItsTimeout_isJustSlow() throws Exception {
        stack.flowise()
                .then(stream(
                        start(),
                        heartbeatsFor(Duration.ofMillis(600), Duration.ofMillis(200)),
                        token("Worth "),
                        token("the wait."),
                        end()));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            assertThat(finalMessage(ada.ask("c-1", "Slowly?")).path("content").asText())
                    .isEqualTo("Worth the wait.");
        }
        assertThat(stack.flowise().predictions()).hasSize(1);
    }

    @Test
    void aConnectionDroppedMidStream_endsInANonRetryableError_afterThePartialChunk_andStoresNoReply() throws Exception {
        stack.flowise().then(stream(start(), token("Half an"), drop()));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            List<JsonNode> frames = ada.ask("c-1", "Tell me all");

            assertThat(streamed(frames)).isEqualTo("Half an");
            JsonNode error = frames.getLast();
            assertThat(error.path("code").asText()).isEqualTo("model_unavailable");
            assertThat(error.path("retryable").asBoolean())
                    .as("the user saw a partial: not re-streamed")
                    .isFalse();
            assertThat(ada.history()).extracting(m -> m.path("role").asText()).containsExactly("user");
        }
        assertThat(stack.flowise().predictions())
                .as("never retried once a delta reached the user")
                .hasSize(1);
    }

    @Test
    void two503s_thenAnAnswer_isExactlyThreeRequests_andOneReply() throws Exception {
        stack.flowise()
                .then(
                        error(503, "Service Unavailable"),
                        error(503, "Service Unavailable"),
                        stream(start(), token("Third time lucky."), end()));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            List<JsonNode> frames = ada.ask("c-1", "Are you there?");

            assertThat(frames).noneMatch(f -> f.path("type").asText().equals("error"));
            assertThat(finalMessage(frames).path("content").asText()).isEqualTo("Third time lucky.");
            assertThat(ada.history()).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant");
        }
        assertThat(stack.flowise().predictions()).hasSize(3);
    }

    @Test
    void aResendWithTheSameClientMessageId_afterAModelFailure_getsTheReply_andStoresTheQuestionOnce() throws Exception {
        FlowiseStandIn.Reply down = error(503, "Service Unavailable");
        stack.flowise().then(down, down, down, stream(start(), token("Back again."), end()));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            List<JsonNode> failed = ada.ask("c-1", "Hello?");
            assertThat(failed.getLast().path("retryable").asBoolean()).isTrue();

            List<JsonNode> retried = ada.ask("c-1", "Hello?");
            assertThat(retried.getFirst().path("messageId").asText())
                    .isEqualTo(failed.getFirst().path("messageId").asText());
            assertThat(finalMessage(retried).path("content").asText()).isEqualTo("Back again.");
            List<JsonNode> stored = ada.history();
            assertThat(stored).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant");
            assertThat(stored.get(1).path("content").asText()).isEqualTo("Back again.");
        }
        assertThat(stack.flowise().predictions()).hasSize(4);
    }

    @Test
    void stopMidStream_endsWithStoppedTrue_storesThePartial_andAbortsTheFlowiseMessage() throws Exception {
        List<Step> steps = new ArrayList<>(List.of(start()));
        for (int i = 0; i < 100; i++) {
            steps.add(token("word" + i + " "));
            steps.add(pause(Duration.ofMillis(100)));
        }
        steps.add(end());
        stack.flowise().then(stream(steps.toArray(Step[]::new)));

        try (Learner ada = Learner.signUp(stack.gateway())) {
            ada.send("c-1", "Talk for a long time");
            List<JsonNode> frames = new ArrayList<>();
            frames.add(ada.nextFrame());
            frames.add(ada.nextFrame());
            assertThat(frames).extracting(f -> f.path("type").asText()).containsExactly("ack", "chunk");
            long stopSent = System.nanoTime();
            ada.stop();
            ada.framesToTheEnd(frames);

            JsonNode message = finalMessage(frames);
            assertThat(Duration.ofNanos(System.nanoTime() - stopSent)).isLessThan(Duration.ofSeconds(3));
            assertThat(message.path("stopped").asBoolean()).isTrue();
            assertThat(message.path("content").asText())
                    .startsWith("word0 ")
                    .isEqualTo(streamed(frames))
                    .doesNotContain("word99");
            JsonNode stored = ada.history().get(1);
            assertThat(stored.path("stopped").asBoolean()).isTrue();
            assertThat(stored.path("content").asText())
                    .isEqualTo(message.path("content").asText());
            assertThat(stack.flowise().aborts()).singleElement().satisfies(abort -> {
                assertThat(abort.method()).isEqualTo("PUT");
                assertThat(abort.path()).isEqualTo("/api/v1/chatmessage/abort/" + CHATFLOW + "/" + ada.sessionId());
            });
        }
    }

    /** One question, one failing reply: ack, then model_unavailable; the question stays stored, no reply. */
    private static void assertFailsKeepingTheQuestion(boolean retryable, int requests) throws Exception {
        try (Learner ada = Learner.signUp(stack.gateway())) {
            List<JsonNode> frames = ada.ask("c-1", "Hello?");

            assertThat(frames).extracting(f -> f.path("type").asText()).containsExactly("ack", "error");
            JsonNode error = frames.getLast();
            assertThat(error.path("code").asText()).isEqualTo("model_unavailable");
            assertThat(error.path("retryable").asBoolean()).isEqualTo(retryable);
            assertThat(error.path("replyTo").asText()).isEqualTo("c-1");
            List<JsonNode> stored = ada.history();
            assertThat(stored).extracting(m -> m.path("role").asText()).containsExactly("user");
            assertThat(stored.getFirst().path("content").asText()).isEqualTo("Hello?");
        }
        assertThat(stack.flowise().predictions()).hasSize(requests);
    }

    static JsonNode finalMessage(List<JsonNode> frames) {
        JsonNode last = frames.getLast();
        assertThat(last.path("type").asText()).as(last.toString()).isEqualTo("message");
        return last;
    }

    static List<JsonNode> chunks(List<JsonNode> frames) {
        return frames.stream()
                .filter(f -> f.path("type").asText().equals("chunk"))
                .toList();
    }

    /** The chunks in seq order, checking seq runs 0, 1, 2, … */
    static String streamed(List<JsonNode> frames) {
        List<JsonNode> chunks = chunks(frames);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i).path("seq").asInt()).isEqualTo(i);
            text.append(chunks.get(i).path("delta").asText());
        }
        return text.toString();
    }
}
