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
 * Every role rule of the console, through the real HTTP handler against DynamoDB Local: admins come from
 * {@code ADMIN_USERNAMES} only, teachers see and steer only their own classes, learners none; invites admit within
 * their seats and time; suspension, reset links and revocation reach only a class's own learners.
 */
@ExtendWith(DynamoDbLocal.class)
class ConsoleRolesTest {
    private static final String PASSWORD = "correct horse battery";

    private final TestStack stack = new TestStack(Map.of("ADMIN_USERNAMES", " Operator , other-admin"));

    private JsonNode registerAs(String username) {
        HttpResult result = stack.http(
                "POST",
                "/api/auth/register",
                null,
                Json.write(Json.object().put("username", username).put("password", PASSWORD)));
        assertThat(result.status())
                .as("register %s: %s", username, result.body())
                .isEqualTo(201);
        return result.body();
    }

    private static String bearer(JsonNode tokens) {
        return tokens.get("accessToken").asString();
    }

    private static String userId(JsonNode tokens) {
        return tokens.get("user").get("id").asString();
    }

    private static String code(HttpResult result) {
        return result.body().get("error").get("code").asString();
    }

    private HttpResult get(JsonNode who, String path) {
        return stack.http("GET", path, bearer(who), null);
    }

    private HttpResult send(String method, JsonNode who, String path, String body) {
        return stack.http(method, path, bearer(who), body);
    }

    private JsonNode admin() {
        return registerAs("operator");
    }

    /** An admin-promoted teacher with one class; returns {tokens, classId}. */
    private record Teacher(JsonNode tokens, String classId) {}

    private Teacher teacherWithClass(JsonNode admin, String name) {
        JsonNode teacher = stack.register(name);
        assertThat(send("PUT", admin, "/api/admin/users/" + userId(teacher) + "/role", "{\"role\":\"teacher\"}")
                        .status())
                .isEqualTo(204);
        HttpResult created = send("POST", teacher, "/api/classes", "{\"name\":\"" + name + " 7B\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return new Teacher(teacher, created.body().get("classId").asString());
    }

    private String invite(Teacher teacher, int seats, int hours) {
        HttpResult invite = send(
                "POST",
                teacher.tokens(),
                "/api/classes/" + teacher.classId() + "/invites",
                "{\"seats\":" + seats + ",\"expiresInHours\":" + hours + "}");
        assertThat(invite.status()).as("%s", invite.body()).isEqualTo(201);
        return invite.body().get("code").asString();
    }

    private JsonNode learnerIn(Teacher teacher) {
        JsonNode learner = stack.register("learner");
        HttpResult joined = send("POST", learner, "/api/classes/join", "{\"code\":\"" + invite(teacher, 1, 24) + "\"}");
        assertThat(joined.status()).as("%s", joined.body()).isEqualTo(200);
        return learner;
    }

    // ---- roles and bootstrap ----

    @Test
    void adminsComeFromAdminUsernames_neverFromBeingFirst() {
        JsonNode first = stack.register("first");
        JsonNode operator = admin();

        assertThat(get(first, "/api/me").body().get("role").asString())
                .as("first user")
                .isEqualTo("learner");
        JsonNode me = get(operator, "/api/me").body();
        assertThat(me.get("role").asString()).isEqualTo("admin");
        assertThat(me.get("username").asString()).isEqualTo("operator");
        assertThat(me.get("suspended").asBoolean()).isFalse();
        assertThat(me.get("classes")).isEmpty();
    }

    @Test
    void learnersCannotCreateClasses_teachersAndAdminsCan_andOwningOneMakesATeacher() {
        JsonNode learner = stack.register("learner");
        JsonNode operator = admin();

        HttpResult refused = send("POST", learner, "/api/classes", "{\"name\":\"Mine\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("forbidden");
        assertThat(send("POST", operator, "/api/classes", "{\"name\":\"Ops\"}").status())
                .isEqualTo(201);

        Teacher teacher = teacherWithClass(operator, "teacher");
        JsonNode me = get(teacher.tokens(), "/api/me").body();
        assertThat(me.get("role").asString()).isEqualTo("teacher");
        assertThat(me.get("classes").get(0).get("myRole").asString()).isEqualTo("teacher");
        assertThat(me.get("classes").get(0).get("classId").asString()).isEqualTo(teacher.classId());
    }

    @Test
    void teachersSelfServe_letsAnyoneCreateAClass() {
        TestStack selfServe = new TestStack(Map.of("TEACHERS_SELF_SERVE", "true"));
        JsonNode anyone = selfServe.register("anyone");

        HttpResult created = selfServe.http(
                "POST",
                "/api/classes",
                bearer(anyone),
                "{\"name\":\"Biology\",\"dailyMessageQuota\":200,\"monthlyBudget\":12.5}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("dailyMessageQuota").asInt()).isEqualTo(200);
        assertThat(created.body().get("monthlyBudget").decimalValue()).isEqualByComparingTo("12.5");
    }

    @Test
    void onlyAdminsListUsersAndPromote() {
        JsonNode operator = admin();
        JsonNode learner = stack.register("learner");

        assertThat(code(get(learner, "/api/admin/users"))).isEqualTo("forbidden");
        assertThat(send("PUT", learner, "/api/admin/users/" + userId(learner) + "/role", "{\"role\":\"teacher\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("PUT", operator, "/api/admin/users/" + userId(learner) + "/role", "{\"role\":\"admin\"}")
                        .status())
                .as("admins come from the setting only")
                .isEqualTo(400);

        JsonNode users = get(operator, "/api/admin/users").body().get("users");
        assertThat(users).extracting(u -> u.get("username").asString()).contains("operator");
        assertThat(users)
                .filteredOn(u -> u.get("username").asString().equals("operator"))
                .extracting(u -> u.get("role").asString())
                .containsExactly("admin");
    }

    // ---- classes: a teacher only their own, admin all, learner none ----

    @Test
    void aTeacherSeesOnlyTheirClasses_anAdminAll_aLearnerNone() {
        JsonNode operator = admin();
        Teacher a = teacherWithClass(operator, "teacher-a");
        Teacher b = teacherWithClass(operator, "teacher-b");
        JsonNode learner = learnerIn(a);

        assertThat(get(a.tokens(), "/api/classes").body().get("classes"))
                .extracting(c -> c.get("classId").asString())
                .containsExactly(a.classId());
        assertThat(get(operator, "/api/classes").body().get("classes"))
                .extracting(c -> c.get("classId").asString())
                .contains(a.classId(), b.classId());
        assertThat(code(get(learner, "/api/classes"))).isEqualTo("forbidden");

        String otherClass = "/api/classes/" + b.classId();
        assertThat(get(a.tokens(), otherClass).status())
                .as("another teacher's class is not there")
                .isEqualTo(404);
        assertThat(send("PATCH", a.tokens(), otherClass, "{\"name\":\"mine now\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send("DELETE", a.tokens(), otherClass, null).status()).isEqualTo(404);
        assertThat(get(a.tokens(), otherClass + "/invites").status()).isEqualTo(404);
        assertThat(send("POST", a.tokens(), otherClass + "/invites", "{\"seats\":1,\"expiresInHours\":1}")
                        .status())
                .isEqualTo(404);
        assertThat(get(learner, "/api/classes/" + a.classId()).status())
                .as("own class's learner")
                .isEqualTo(403);
        assertThat(get(learner, "/api/classes/" + a.classId() + "/invites").status())
                .isEqualTo(403);
        assertThat(get(operator, otherClass).status()).isEqualTo(200);
        assertThat(get(b.tokens(), otherClass).body().get("name").asString()).isEqualTo("teacher-b 7B");
    }

    @Test
    void patch_changesLimits_andNullRemovesThem() {
        Teacher teacher = teacherWithClass(admin(), "teacher");
        String path = "/api/classes/" + teacher.classId();

        JsonNode set = send("PATCH", teacher.tokens(), path, "{\"dailyMessageQuota\":50,\"monthlyBudget\":3}")
                .body();
        assertThat(set.get("dailyMessageQuota").asInt()).isEqualTo(50);
        assertThat(set.get("monthlyBudget").decimalValue()).isEqualByComparingTo("3");
        JsonNode cleared = send("PATCH", teacher.tokens(), path, "{\"monthlyBudget\":null}")
                .body();
        assertThat(cleared.get("monthlyBudget").isNull()).isTrue();
        assertThat(cleared.get("dailyMessageQuota").asInt()).isEqualTo(50);
        assertThat(send("PATCH", teacher.tokens(), path, "{\"dailyMessageQuota\":0}")
                        .status())
                .isEqualTo(400);
    }

    // ---- invites and joining ----

    @Test
    void invites_admitWithinSeats_onceEach_untilExpiredOrRevoked() {
        Teacher teacher = teacherWithClass(admin(), "teacher");
        String code = invite(teacher, 2, 1);
        JsonNode one = stack.register("one");
        JsonNode two = stack.register("two");
        JsonNode three = stack.register("three");
        String body = "{\"code\":\"" + code + "\"}";

        assertThat(send("POST", one, "/api/classes/join", body)
                        .body()
                        .get("classId")
                        .asString())
                .isEqualTo(teacher.classId());
        assertThat(send("POST", one, "/api/classes/join", body).status())
                .as("again: no seat spent")
                .isEqualTo(200);
        assertThat(send("POST", two, "/api/classes/join", body).status()).isEqualTo(200);
        HttpResult full = send("POST", three, "/api/classes/join", body);
        assertThat(full.status()).isEqualTo(403);
        assertThat(code(full)).isEqualTo("invalid_invite");
        JsonNode listed = get(teacher.tokens(), "/api/classes/" + teacher.classId() + "/invites")
                .body()
                .get("invites")
                .get(0);
        assertThat(listed.get("used").asInt()).isEqualTo(2);
        assertThat(listed.get("url").asString()).endsWith("/join/" + code);

        assertThat(get(one, "/api/me")
                        .body()
                        .get("classes")
                        .get(0)
                        .get("myRole")
                        .asString())
                .isEqualTo("learner");
        String revoked = invite(teacher, 5, 1);
        assertThat(send("DELETE", teacher.tokens(), "/api/classes/" + teacher.classId() + "/invites/" + revoked, null)
                        .status())
                .isEqualTo(204);
        assertThat(code(send("POST", three, "/api/classes/join", "{\"code\":\"" + revoked + "\"}")))
                .isEqualTo("invalid_invite");

        String expiring = invite(teacher, 5, 1);
        stack.clock.advance(Duration.ofHours(1).plusSeconds(1));
        JsonNode late = stack.register("late");
        assertThat(code(send("POST", late, "/api/classes/join", "{\"code\":\"" + expiring + "\"}")))
                .isEqualTo("invalid_invite");
        assertThat(get(late, "/api/me").body().get("classes")).isEmpty();
    }

    @Test
    void inviteOnlyRegistration_withAClassInvite_joinsTheClass() {
        TestStack invited = new TestStack(Map.of("REGISTRATION_POLICY", "invite", "TEACHERS_SELF_SERVE", "true"));
        invited.inviteCodes.add("BOOTSTRAP");
        JsonNode teacher = invited.http(
                        "POST",
                        "/api/auth/register",
                        null,
                        Json.write(Json.object()
                                .put("username", "teach")
                                .put("password", PASSWORD)
                                .put("inviteCode", "BOOTSTRAP")))
                .body();
        String classId = invited.http("POST", "/api/classes", bearer(teacher), "{\"name\":\"7B\"}")
                .body()
                .get("classId")
                .asString();
        String code = invited.http(
                        "POST",
                        "/api/classes/" + classId + "/invites",
                        bearer(teacher),
                        "{\"seats\":1,\"expiresInHours\":2}")
                .body()
                .get("code")
                .asString();

        HttpResult learner = invited.http(
                "POST",
                "/api/auth/register",
                null,
                Json.write(Json.object()
                        .put("username", "pupil")
                        .put("password", PASSWORD)
                        .put("invite", code)));
        HttpResult second = invited.http(
                "POST",
                "/api/auth/register",
                null,
                Json.write(Json.object()
                        .put("username", "pupil2")
                        .put("password", PASSWORD)
                        .put("invite", code)));

        assertThat(learner.status()).as("%s", learner.body()).isEqualTo(201);
        assertThat(invited.http("GET", "/api/me", bearer(learner.body()), null)
                        .body()
                        .get("classes")
                        .get(0)
                        .get("classId")
                        .asString())
                .isEqualTo(classId);
        assertThat(second.status()).as("one seat").isEqualTo(403);
        assertThat(second.body().get("error").get("code").asString()).isEqualTo("invalid_invite");
    }

    // ---- learner controls: only a class's own learners ----

    @Test
    void learnerControls_reachOnlyTheTeachersOwnLearners() {
        JsonNode operator = admin();
        Teacher a = teacherWithClass(operator, "teacher-a");
        Teacher b = teacherWithClass(operator, "teacher-b");
        JsonNode learnerOfB = learnerIn(b);
        JsonNode learnerOfA = learnerIn(a);
        String viaA = "/api/classes/" + a.classId() + "/learners/";

        for (String action : new String[] {"suspend", "restore", "password-reset", "revoke"}) {
            assertThat(send("POST", a.tokens(), viaA + userId(learnerOfB) + "/" + action, null)
                            .status())
                    .as("%s a learner of another class through one's own", action)
                    .isEqualTo(404);
            assertThat(send(
                                    "POST",
                                    a.tokens(),
                                    "/api/classes/" + b.classId() + "/learners/" + userId(learnerOfB) + "/" + action,
                                    null)
                            .status())
                    .as("%s through another's class", action)
                    .isEqualTo(404);
            assertThat(send("POST", learnerOfA, viaA + userId(learnerOfA) + "/" + action, null)
                            .status())
                    .as("a learner %s", action)
                    .isEqualTo(403);
        }
        assertThat(send("PUT", a.tokens(), viaA + userId(learnerOfB), "{\"dailyQuotaOverride\":5}")
                        .status())
                .isEqualTo(404);
        assertThat(send("PUT", a.tokens(), viaA + userId(learnerOfA), "{\"dailyQuotaOverride\":5}")
                        .status())
                .isEqualTo(204);
    }

    @Test
    void suspension_closesConnections_andRefusesSignInRefreshAndTickets_untilRestored() {
        Teacher teacher = teacherWithClass(admin(), "teacher");
        JsonNode learner = learnerIn(teacher);
        String connectionId = stack.connectAs(learner);
        String learnerPath = "/api/classes/" + teacher.classId() + "/learners/" + userId(learner);

        assertThat(send("POST", teacher.tokens(), learnerPath + "/suspend", null)
                        .status())
                .isEqualTo(204);

        assertThat(stack.pusher.disconnected).containsExactly(connectionId);
        HttpResult login = stack.http(
                "POST",
                "/api/auth/login",
                null,
                Json.write(Json.object()
                        .put("username", learner.get("user").get("username").asString())
                        .put("password", PASSWORD)));
        assertThat(login.status()).isEqualTo(403);
        assertThat(code(login)).isEqualTo("account_suspended");
        HttpResult refresh = stack.http(
                "POST",
                "/api/auth/refresh",
                null,
                Json.write(Json.object()
                        .put("refreshToken", learner.get("refreshToken").asString())));
        assertThat(code(refresh)).isEqualTo("account_suspended");
        assertThat(code(send("POST", learner, "/api/auth/ws-ticket", null))).isEqualTo("account_suspended");
        assertThat(get(learner, "/api/me").body().get("suspended").asBoolean()).isTrue();
        assertThat(stack.connect(
                        "after-suspension",
                        Map.of("token", learner.get("accessToken").asString())))
                .as("an access token from before the suspension opens no new connection")
                .isEqualTo(403);
        assertThat(stack.send(connectionId, "{\"action\":\"hello\"}")
                        .getFirst()
                        .get("code")
                        .asString())
                .as("a connection opened before the suspension, its close still in flight, chats no more")
                .isEqualTo("account_suspended");
        assertThat(stack.send(
                                connectionId,
                                Json.write(Json.object()
                                        .put("action", "sendMessage")
                                        .put("clientMessageId", "c-1")
                                        .put("content", "still there?")))
                        .getLast()
                        .get("code")
                        .asString())
                .isEqualTo("account_suspended");

        assertThat(send("POST", teacher.tokens(), learnerPath + "/restore", null)
                        .status())
                .isEqualTo(204);
        assertThat(send("POST", learner, "/api/auth/ws-ticket", null).status()).isEqualTo(200);
    }

    @Test
    void passwordResetLink_worksOnce_andRevokesEarlierSessions() {
        Teacher teacher = teacherWithClass(admin(), "teacher");
        JsonNode learner = learnerIn(teacher);
        String username = learner.get("user").get("username").asString();

        HttpResult link = send(
                "POST",
                teacher.tokens(),
                "/api/classes/" + teacher.classId() + "/learners/" + userId(learner) + "/password-reset",
                null);
        assertThat(link.status()).isEqualTo(200);
        String url = link.body().get("url").asString();
        String token = url.substring(url.lastIndexOf("/reset/") + "/reset/".length());
        stack.clock.advance(Duration.ofSeconds(1));

        String reset = Json.write(Json.object().put("token", token).put("password", "a brand new passphrase"));
        assertThat(stack.http("POST", "/api/auth/reset", null, reset).status()).isEqualTo(204);
        assertThat(stack.http("POST", "/api/auth/reset", null, reset).status())
                .as("single use")
                .isEqualTo(401);
        assertThat(stack.http(
                                "POST",
                                "/api/auth/login",
                                null,
                                Json.write(Json.object()
                                        .put("username", username)
                                        .put("password", "a brand new passphrase")))
                        .status())
                .isEqualTo(200);
        assertThat(stack.http(
                                "POST",
                                "/api/auth/refresh",
                                null,
                                Json.write(Json.object()
                                        .put(
                                                "refreshToken",
                                                learner.get("refreshToken").asString())))
                        .status())
                .as("sessions from before the reset")
                .isEqualTo(401);
    }

    @Test
    void revokeAllSessions_refusesEveryEarlierRefreshToken_andClosesConnections() {
        Teacher teacher = teacherWithClass(admin(), "teacher");
        JsonNode learner = learnerIn(teacher);
        String connectionId = stack.connectAs(learner);
        stack.clock.advance(Duration.ofSeconds(1));

        assertThat(send(
                                "POST",
                                teacher.tokens(),
                                "/api/classes/" + teacher.classId() + "/learners/" + userId(learner) + "/revoke",
                                null)
                        .status())
                .isEqualTo(204);

        assertThat(stack.pusher.disconnected).containsExactly(connectionId);
        assertThat(stack.http(
                                "POST",
                                "/api/auth/refresh",
                                null,
                                Json.write(Json.object()
                                        .put(
                                                "refreshToken",
                                                learner.get("refreshToken").asString())))
                        .status())
                .isEqualTo(401);
        stack.clock.advance(Duration.ofSeconds(1));
        assertThat(stack.http(
                                "POST",
                                "/api/auth/login",
                                null,
                                Json.write(Json.object()
                                        .put(
                                                "username",
                                                learner.get("user")
                                                        .get("username")
                                                        .asString())
                                        .put("password", PASSWORD)))
                        .status())
                .as("signing in again works")
                .isEqualTo(200);
    }
}
