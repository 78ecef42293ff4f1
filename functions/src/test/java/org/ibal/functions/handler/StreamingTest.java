package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ibal.functions.adapter.token.NimbusTokenService;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** How a reply reaches the client: coalesced chunks, and the course context the model is asked with. */
@ExtendWith(DynamoDbLocal.class)
class StreamingTest {
    /** Emits {@code count} tiny deltas about a millisecond apart, like a fast model, and records every request. */
    private static final class FastModel implements ChatModel {
        final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
        private final int count;
        private final boolean usesHistory;

        FastModel(int count) {
            this(count, false);
        }

        FastModel(int count, boolean usesHistory) {
            this.count = count;
            this.usesHistory = usesHistory;
        }

        @Override
        public boolean usesHistory() {
            return usesHistory;
        }

        static String delta(int i) {
            return "t" + i + " ";
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            requests.add(request);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < count; i++) {
                sink.delta(delta(i));
                text.append(delta(i));
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return new ModelReply(text.toString(), false, List.of(), List.of());
        }

        @Override
        public boolean healthy() {
            return true;
        }
    }

    private static String send(String clientMessageId, String content) {
        return Json.write(Json.object()
                .put("action", "sendMessage")
                .put("clientMessageId", clientMessageId)
                .put("content", content));
    }

    @Test
    void manyTinyDeltas_goOutAsFewChunks_numberedFromZero_thatAddUpToTheReply() {
        // given: 400 deltas over about half a second, and the default window of 100 ms per chunk
        FastModel model = new FastModel(400);
        TestStack stack = new TestStack(Map.of(), model);
        String connection = stack.connectAs(stack.register("ada"));

        // when
        List<JsonNode> frames = stack.send(connection, send("c-1", "Count for me"));

        // then
        List<JsonNode> chunks = frames.stream()
                .filter(f -> f.get("type").asString().equals("chunk"))
                .toList();
        JsonNode message = frames.getLast();
        String expected = IntStream.range(0, 400).mapToObj(FastModel::delta).collect(Collectors.joining());
        assertThat(message.get("type").asString()).isEqualTo("message");
        assertThat(message.get("content").asString()).isEqualTo(expected);
        assertThat(chunks.stream().map(c -> c.get("delta").asString()).collect(Collectors.joining()))
                .isEqualTo(expected);
        assertThat(chunks.stream().map(c -> c.get("seq").asInt()).toList())
                .isEqualTo(IntStream.range(0, chunks.size()).boxed().toList());
        assertThat(chunks)
                .as("at most ~100 ms of tokens per push: far fewer pushes than deltas")
                .hasSizeBetween(2, 40);
        assertThat(frames.indexOf(message))
                .as("the final message comes after every chunk")
                .isEqualTo(frames.size() - 1);
    }

    @Test
    void aConnectionOpenedWithACourseToken_asksTheModelWithThatCourseContext_forEveryReply() {
        // given: an access token minted for a course (as the Open edX sign-in does)
        FastModel model = new FastModel(3, true);
        TestStack stack = new TestStack(Map.of(), model);
        ECKey key = stack.signingKey;
        var tokens = new NimbusTokenService(
                key,
                stack.settings.jwtIssuer(),
                stack.settings.jwtAudience(),
                stack.settings.accessTokenTtl(),
                stack.clock);
        CourseContext course = new CourseContext(
                "course-v1:IBAL+CS101+2026",
                "block-v1:IBAL+CS101+2026+type@ibal+block@chat",
                "flow-42",
                List.of("student"));
        String token = tokens.issue(new Principal("u_course_learner", "learner", "Lea Learner", "lms", course))
                .token();
        String connection = TestStack.newConnectionId();
        assertThat(stack.connect(connection, Map.of("token", token))).isEqualTo(200);

        // when: two replies, the second on a later invocation
        stack.send(connection, send("c-1", "What is this unit about?"));
        stack.send(connection, send("c-2", "And the next one?"));

        // then
        assertThat(model.requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.course()).isEqualTo(course);
            assertThat(request.course().chatflowId()).isEqualTo("flow-42");
        });
        assertThat(model.requests.get(1).history()).extracting(m -> m.content()).contains("What is this unit about?");
    }

    @Test
    void aModelThatKeepsItsOwnMemory_isAskedWithoutHistory() {
        // given: a model like Flowise, which remembers the conversation by session id
        FastModel model = new FastModel(3, false);
        TestStack stack = new TestStack(Map.of(), model);
        String connection = stack.connectAs(stack.register("amnesia"));

        // when
        stack.send(connection, send("c-1", "First question"));
        stack.send(connection, send("c-2", "Second question"));

        // then
        assertThat(model.requests)
                .hasSize(2)
                .allSatisfy(request -> assertThat(request.history()).isEmpty());
    }
}
