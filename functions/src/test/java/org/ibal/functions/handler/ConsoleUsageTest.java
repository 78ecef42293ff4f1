package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.ibal.functions.support.TestStack.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Usage and its controls through the real handlers against DynamoDB Local: learners chat in their class, its
 * teacher sees numbers (never text) in JSON and CSV, learners never see any class's usage, and a class's budget,
 * daily quota and a learner's own quota refuse new questions.
 */
@ExtendWith(DynamoDbLocal.class)
class ConsoleUsageTest {
    private static final String QUESTION = "Why do ferns have spores instead of seeds?";

    private final TestStack stack = new TestStack(Map.of("ADMIN_USERNAMES", "operator"));

    private record Teacher(JsonNode tokens, String classId) {}

    private static String bearer(JsonNode tokens) {
        return tokens.get("accessToken").asString();
    }

    private static String userId(JsonNode tokens) {
        return tokens.get("user").get("id").asString();
    }

    private JsonNode admin() {
        HttpResult result = stack.http(
                "POST",
                "/api/auth/register",
                null,
                Json.write(Json.object().put("username", "operator").put("password", "correct horse battery")));
        assertThat(result.status()).isEqualTo(201);
        return result.body();
    }

    private Teacher teacher(JsonNode admin, String name) {
        JsonNode teacher = stack.register(name);
        stack.http("PUT", "/api/admin/users/" + userId(teacher) + "/role", bearer(admin), "{\"role\":\"teacher\"}");
        String classId = stack.http("POST", "/api/classes", bearer(teacher), "{\"name\":\"" + name + "\"}")
                .body()
                .get("classId")
                .asString();
        return new Teacher(teacher, classId);
    }

    private JsonNode learnerIn(Teacher teacher) {
        String code = stack.http(
                        "POST",
                        "/api/classes/" + teacher.classId() + "/invites",
                        bearer(teacher.tokens()),
                        "{\"seats\":1,\"expiresInHours\":24}")
                .body()
                .get("code")
                .asString();
        JsonNode learner = stack.register("learner");
        assertThat(stack.http("POST", "/api/classes/join", bearer(learner), "{\"code\":\"" + code + "\"}")
                        .status())
                .isEqualTo(200);
        return learner;
    }

    /** Connects and says hello (the learner's only class is the chat's); returns the connection. */
    private String chatting(JsonNode learner) {
        String connection = stack.connectAs(learner);
        assertThat(stack.send(connection, "{\"action\":\"hello\"}")
                        .getFirst()
                        .get("type")
                        .asString())
                .isEqualTo("user_info");
        return connection;
    }

    private List<JsonNode> ask(String connection, String clientMessageId) {
        return stack.send(
                connection,
                Json.write(Json.object()
                        .put("action", "sendMessage")
                        .put("clientMessageId", clientMessageId)
                        .put("content", QUESTION)));
    }

    private HttpResult usage(JsonNode who, String classId, String suffix) {
        return stack.http(
                "GET",
                "/api/classes/" + classId + "/usage" + suffix,
                bearer(who),
                null,
                Map.of("from", "2026-11-01", "to", "2026-11-30"));
    }

    @Test
    void twoLearnersChat_theirTeacherSeesNumbersNotText_andTheCsvHasTheSameNumbers() {
        Teacher teacher = teacher(admin(), "teacher");
        JsonNode ada = learnerIn(teacher);
        JsonNode bob = learnerIn(teacher);
        assertThat(ask(chatting(ada), "c-1").getLast().get("type").asString()).isEqualTo("message");
        String bobs = chatting(bob);
        ask(bobs, "c-1");
        ask(bobs, "c-2");

        HttpResult json = usage(teacher.tokens(), teacher.classId(), "");

        assertThat(json.status()).isEqualTo(200);
        JsonNode body = json.body();
        assertThat(Json.write(body)).as("usage, not conversations").doesNotContain("ferns");
        assertThat(body.get("currency").asString()).isEqualTo("USD");
        assertThat(body.get("estimated").asBoolean())
                .as("the demo model reports no usage")
                .isTrue();
        JsonNode totals = body.get("totals");
        assertThat(totals.get("messages").asLong()).isEqualTo(3);
        assertThat(totals.get("activeLearners").asLong()).isEqualTo(2);
        assertThat(totals.get("tokensIn").asLong())
                .as("42 characters / 4, rounded up, per question")
                .isEqualTo(3 * 11);
        assertThat(totals.get("tokensOut").asLong()).isPositive();
        BigDecimal total = totals.get("cost").get("total").decimalValue();
        assertThat(total)
                .isPositive()
                .isEqualByComparingTo(totals.get("cost")
                        .get("model")
                        .decimalValue()
                        .add(totals.get("cost").get("infra").decimalValue()));
        JsonNode today = body.get("days").get(23);
        assertThat(today.get("date").asString()).isEqualTo("2026-11-24");
        assertThat(today.get("messages").asLong()).isEqualTo(3);
        assertThat(today.get("activeLearners").asLong()).isEqualTo(2);
        assertThat(body.get("days")).hasSize(30);
        assertThat(body.get("learners"))
                .extracting(l -> l.get("userId").asString())
                .containsExactlyInAnyOrder(userId(ada), userId(bob));
        assertThat(body.get("learners"))
                .filteredOn(l -> l.get("userId").asString().equals(userId(bob)))
                .extracting(l -> l.get("messages").asLong())
                .containsExactly(2L);
        assertThat(body.get("budget").get("spentThisMonth").decimalValue()).isEqualByComparingTo(total);

        HttpResult csv = usage(teacher.tokens(), teacher.classId(), ".csv");
        assertThat(csv.headers().get("content-type")).startsWith("text/csv");
        String text = rawCsv(teacher, teacher.classId());
        List<String> lines = Arrays.asList(text.split("\r\n"));
        assertThat(lines.getFirst()).isEqualTo("date,userId,username,messages,tokensIn,tokensOut,cost");
        assertThat(lines).hasSize(3);
        BigDecimal csvTotal = BigDecimal.ZERO;
        long csvMessages = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells[0]).isEqualTo("2026-11-24");
            csvMessages += Long.parseLong(cells[3]);
            csvTotal = csvTotal.add(new BigDecimal(cells[6]));
        }
        assertThat(csvMessages).isEqualTo(3);
        assertThat(csvTotal).isEqualByComparingTo(total);
    }

    private String rawCsv(Teacher teacher, String classId) {
        var response = stack.wiring
                .httpApiHandler()
                .apply(org.ibal.functions.support.Events.httpEvent(org.ibal.functions.support.Events.http(
                        "GET",
                        "/api/classes/" + classId + "/usage.csv",
                        Map.of("authorization", "Bearer " + bearer(teacher.tokens())),
                        Map.of("from", "2026-11-01", "to", "2026-11-30"),
                        null,
                        TestStack.HTTP_SOURCE_IP)));
        assertThat(response.getStatusCode()).isEqualTo(200);
        return response.getBody();
    }

    @Test
    void learnersNeverReadUsage_ofTheirClassOrAnother_teachersOnlyTheirOwn_adminsAll() {
        JsonNode operator = admin();
        Teacher a = teacher(operator, "teacher-a");
        Teacher b = teacher(operator, "teacher-b");
        JsonNode learner = learnerIn(a);
        ask(chatting(learner), "c-1");

        for (String suffix : new String[] {"", ".csv"}) {
            assertThat(usage(learner, a.classId(), suffix).status())
                    .as("own class%s", suffix)
                    .isEqualTo(403);
            assertThat(usage(learner, b.classId(), suffix).status())
                    .as("another class%s", suffix)
                    .isEqualTo(404);
            assertThat(usage(b.tokens(), a.classId(), suffix).status())
                    .as("another teacher%s", suffix)
                    .isEqualTo(404);
            assertThat(usage(a.tokens(), a.classId(), suffix).status()).isEqualTo(200);
            assertThat(usage(operator, a.classId(), suffix).status()).isEqualTo(200);
        }
        assertThat(usage(a.tokens(), a.classId(), "")
                        .body()
                        .get("totals")
                        .get("messages")
                        .asLong())
                .isEqualTo(1);
        assertThat(usage(operator, b.classId(), "")
                        .body()
                        .get("totals")
                        .get("messages")
                        .asLong())
                .isZero();
    }

    @Test
    void aClassOverItsMonthlyBudget_refusesNewQuestions_withBudgetExhausted() {
        Teacher teacher = teacher(admin(), "teacher");
        String connection = chatting(learnerIn(teacher));
        assertThat(ask(connection, "c-1").getLast().get("type").asString()).isEqualTo("message");

        stack.http(
                "PATCH", "/api/classes/" + teacher.classId(), bearer(teacher.tokens()), "{\"monthlyBudget\":0.000001}");
        JsonNode refused = ask(connection, "c-2").getLast();

        assertThat(refused.get("type").asString()).isEqualTo("error");
        assertThat(refused.get("code").asString()).isEqualTo("budget_exhausted");
        assertThat(refused.get("retryable").asBoolean()).isFalse();
        assertThat(ask(connection, "c-1").getLast().get("type").asString())
                .as("the answered question is still replayed")
                .isEqualTo("message");

        stack.http("PATCH", "/api/classes/" + teacher.classId(), bearer(teacher.tokens()), "{\"monthlyBudget\":null}");
        assertThat(ask(connection, "c-3").getLast().get("type").asString()).isEqualTo("message");
    }

    @Test
    void theClassDailyQuota_andALearnersOwnQuota_refuseTheNextQuestion() {
        Teacher teacher = teacher(admin(), "teacher");
        JsonNode ada = learnerIn(teacher);
        JsonNode bob = learnerIn(teacher);
        stack.http("PATCH", "/api/classes/" + teacher.classId(), bearer(teacher.tokens()), "{\"dailyMessageQuota\":2}");
        String adas = chatting(ada);
        String bobs = chatting(bob);
        ask(adas, "c-1");
        ask(bobs, "c-1");

        JsonNode classFull = ask(adas, "c-2").getLast();
        assertThat(classFull.get("code").asString()).isEqualTo("budget_exhausted");

        stack.http(
                "PATCH", "/api/classes/" + teacher.classId(), bearer(teacher.tokens()), "{\"dailyMessageQuota\":null}");
        assertThat(stack.http(
                                "PUT",
                                "/api/classes/" + teacher.classId() + "/learners/" + userId(bob),
                                bearer(teacher.tokens()),
                                "{\"dailyQuotaOverride\":1}")
                        .status())
                .isEqualTo(204);
        assertThat(ask(bobs, "c-2").getLast().get("code").asString()).isEqualTo("quota_exceeded");
        assertThat(ask(adas, "c-2").getLast().get("type").asString()).isEqualTo("message");
        assertThat(usage(teacher.tokens(), teacher.classId(), "").body().get("learners"))
                .filteredOn(l -> l.get("userId").asString().equals(userId(bob)))
                .extracting(l -> l.get("dailyQuotaOverride").asInt())
                .containsExactly(1);
    }

    @Test
    void helloInAClassOneIsNotIn_isRefused() {
        JsonNode operator = admin();
        Teacher other = teacher(operator, "other");
        JsonNode learner = stack.register("learner");
        String connection = stack.connectAs(learner);

        JsonNode refused = stack.send(connection, "{\"action\":\"hello\",\"classId\":\"" + other.classId() + "\"}")
                .getFirst();

        assertThat(refused.get("type").asString()).isEqualTo("error");
        assertThat(refused.get("code").asString()).isEqualTo("not_found");
    }

    @Test
    void aMessageInAClass_readsItsLimitsInThePreModelBatch_andMetersInOneWriteAfterTheReply() {
        Teacher teacher = teacher(admin(), "teacher");
        String connection = chatting(learnerIn(teacher));
        ask(connection, "c-1");
        stack.dynamoCalls.clear();

        ask(connection, "c-2");

        List<String> operations = stack.dynamoCalls.operations();
        assertThat(operations)
                .containsExactly(
                        // the connection (its class came with it), session, guard, rate counter, the caller's account +
                        // the
                        // class, the membership, the month's spend: one read before the model, keys named from the hint
                        "BatchGetItem",
                        "TransactWriteItems", // the limits (rate, own quota, the class's day), the question, the
                        // running reply
                        "TransactWriteItems", // the reply, the running reply finished
                        "TransactWriteItems"); // the usage: the learner's day and the class's month, one call
    }
}
