package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.ibal.functions.support.TestStack.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * docs/privacy.md, as the code does it: a learner exports all of their data and deletes it; an archived class's
 * items are marked for DynamoDB's TTL after RETENTION_DAYS, and restoring it unmarks them.
 */
@ExtendWith(DynamoDbLocal.class)
class PrivacyTest {
    private static final String QUESTION = "Why is the sky blue?";

    private final TestStack stack = new TestStack(Map.of("TEACHERS_SELF_SERVE", "true", "RETENTION_DAYS", "30"));

    private static String bearer(JsonNode tokens) {
        return tokens.get("accessToken").asString();
    }

    private String classWithLearner(JsonNode teacher, JsonNode learner) {
        String classId = stack.http("POST", "/api/classes", bearer(teacher), "{\"name\":\"Physics\"}")
                .body()
                .get("classId")
                .asString();
        String code = stack.http(
                        "POST",
                        "/api/classes/" + classId + "/invites",
                        bearer(teacher),
                        "{\"seats\":5,\"expiresInHours\":5}")
                .body()
                .get("code")
                .asString();
        stack.http("POST", "/api/classes/join", bearer(learner), "{\"code\":\"" + code + "\"}");
        String connection = stack.connectAs(learner);
        stack.send(connection, "{\"action\":\"hello\"}");
        stack.send(
                connection,
                Json.write(Json.object()
                        .put("action", "sendMessage")
                        .put("clientMessageId", "c-1")
                        .put("content", QUESTION)));
        return classId;
    }

    @Test
    void aLearnerExportsAllTheirData_andNobodyElses() {
        JsonNode teacher = stack.register("teacher");
        JsonNode learner = stack.register("learner");
        String classId = classWithLearner(teacher, learner);

        JsonNode export =
                stack.http("GET", "/api/me/export", bearer(learner), null).body();
        JsonNode teachers =
                stack.http("GET", "/api/me/export", bearer(teacher), null).body();

        assertThat(export.get("profile").get("userId").asString())
                .isEqualTo(learner.get("user").get("id").asString());
        assertThat(export.get("classes").get(0).get("classId").asString()).isEqualTo(classId);
        assertThat(export.get("sessions")).hasSize(1);
        JsonNode messages = export.get("sessions").get(0).get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("content").asString()).isEqualTo(QUESTION);
        assertThat(messages.get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(Json.write(teachers))
                .as("the teacher's export holds no learner's words")
                .doesNotContain(QUESTION);
    }

    @Test
    void deletingTheAccount_removesItsHistory_andLeavesTheClassOnlyNumbers() {
        JsonNode teacher = stack.register("teacher");
        JsonNode learner = stack.register("learner");
        String userId = learner.get("user").get("id").asString();
        String username = learner.get("user").get("username").asString();
        String classId = classWithLearner(teacher, learner);
        String connection = stack.connectAs(learner);

        assertThat(stack.http("DELETE", "/api/me", bearer(learner), null).status())
                .isEqualTo(204);

        assertThat(stack.pusher.disconnected).contains(connection);
        assertThat(stack.items("SESSION#")).isEmpty();
        assertThat(stack.items("USER#" + userId)).isEmpty();
        assertThat(stack.items("USERNAME#"))
                .extracting(i -> i.get("username").s())
                .doesNotContain(username);
        HttpResult login = stack.http(
                "POST",
                "/api/auth/login",
                null,
                Json.write(Json.object().put("username", username).put("password", "correct horse battery")));
        assertThat(login.status()).isEqualTo(401);
        JsonNode usage = stack.http(
                        "GET",
                        "/api/classes/" + classId + "/usage",
                        bearer(teacher),
                        null,
                        Map.of("from", "2026-11-24", "to", "2026-11-24"))
                .body();
        assertThat(usage.get("totals").get("messages").asLong())
                .as("the class's numbers stay")
                .isEqualTo(1);
        assertThat(Json.write(usage)).doesNotContain(username);
    }

    @Test
    void archivingAClass_marksAllOfItForTtlAfterTheRetention_andRestoringUnmarksIt() {
        JsonNode teacher = stack.register("teacher");
        JsonNode learner = stack.register("learner");
        String classId = classWithLearner(teacher, learner);
        long expected = stack.clock.instant().plus(Duration.ofDays(30)).getEpochSecond();

        assertThat(stack.http("DELETE", "/api/classes/" + classId, bearer(teacher), null)
                        .status())
                .isEqualTo(204);

        var classItems = stack.items("CLASS#" + classId);
        assertThat(classItems)
                .extracting(i -> i.get("sk").s())
                .anyMatch(sk -> sk.startsWith("USAGE#"))
                .anyMatch(sk -> sk.startsWith("MEMBER#"))
                .contains("META");
        assertThat(classItems).allSatisfy(i -> assertThat(i.get("ttl").n()).isEqualTo(Long.toString(expected)));
        assertThat(stack.items("USER#" + learner.get("user").get("id").asString()))
                .filteredOn(i -> i.get("sk").s().startsWith("CLASS#"))
                .allSatisfy(i -> assertThat(i.get("ttl").n()).isEqualTo(Long.toString(expected)));
        JsonNode archived = stack.http("GET", "/api/classes/" + classId, bearer(teacher), null)
                .body();
        assertThat(archived.get("archived").asBoolean()).isTrue();
        assertThat(stack.http("GET", "/api/me", bearer(learner), null).body().get("classes"))
                .as("an archived class is no longer the learner's")
                .isEmpty();

        stack.http("PATCH", "/api/classes/" + classId, bearer(teacher), "{\"archived\":false}");
        assertThat(stack.items("CLASS#" + classId))
                .allSatisfy(i -> assertThat(i).doesNotContainKey("ttl"));
    }
}
