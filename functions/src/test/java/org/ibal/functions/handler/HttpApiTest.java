package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.ibal.functions.support.TestStack.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

@ExtendWith(DynamoDbLocal.class)
class HttpApiTest {
    private final TestStack stack = new TestStack();

    private static String body(String... keyValues) {
        var node = Json.object();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return Json.write(node);
    }

    private static String access(JsonNode tokens) {
        return tokens.get("accessToken").asString();
    }

    @Test
    void health_isOk_whenTheTableAnswers() {
        HttpResult health = stack.http("GET", "/api/health", null, null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().toString())
                .isEqualTo("{\"status\":\"ok\",\"checks\":{\"store\":\"ok\",\"model\":\"ok\"}}");
    }

    @Test
    void health_answersTheFixtureEvent_asLoadedByTheAwsTestLibrary() {
        // given: the HTTP API payload 2.0 fixture, through aws-lambda-java-tests' own loader
        var event =
                com.amazonaws.services.lambda.runtime.tests.EventLoader.loadApiGatewayHttpEvent("events/http-api.json");

        // when
        var response = stack.wiring.httpApiHandler().apply(event);

        // then
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    }

    @Test
    void health_is503_whenTheTableIsMissing() {
        var broken = new TestStack(Map.of("TABLE_NAME", "no-such-table"));

        HttpResult health = broken.http("GET", "/api/health", null, null);

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().get("status").asString()).isEqualTo("unavailable");
        assertThat(health.body().get("checks").get("store").asString()).isEqualTo("unavailable");
    }

    @Test
    void register_answersTokens_andFoldsTheUsername() {
        HttpResult result = stack.http(
                "POST",
                "/api/auth/register",
                null,
                body("username", "  Grace.H  ", "password", "long enough pass", "displayName", "Grace H."));

        assertThat(result.status()).isEqualTo(201);
        JsonNode tokens = result.body();
        assertThat(tokens.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(tokens.get("refreshToken").asString()).hasSizeGreaterThan(30);
        assertThat(tokens.get("user").get("username").asString()).isEqualTo("grace.h");
        assertThat(tokens.get("user").get("displayName").asString()).isEqualTo("Grace H.");
        assertThat(stack.wiring.httpApiHandler()).isNotNull();
        assertThat(stack.items("REFRESH#"))
                .singleElement()
                .satisfies(item -> assertThat(item.get("pk").s())
                        .doesNotContain(tokens.get("refreshToken").asString()));
    }

    @Test
    void register_refusesATakenUsername_withConflict() {
        stack.http("POST", "/api/auth/register", null, body("username", "linus", "password", "password-1"));

        HttpResult again =
                stack.http("POST", "/api/auth/register", null, body("username", "LINUS", "password", "password-2"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").get("code").asString()).isEqualTo("conflict");
    }

    @Test
    void register_refusesBadInput_with400() {
        List<String> bodies = List.of(
                "not json",
                "[]",
                body("username", "ab", "password", "password-1"),
                body("username", "has space", "password", "password-1"),
                body("username", "okname", "password", "short"),
                body("username", "okname"),
                body("username", "okname", "password", "x".repeat(129)));

        for (String bad : bodies) {
            HttpResult result = stack.http("POST", "/api/auth/register", null, bad);
            assertThat(result.status()).as(bad).isEqualTo(400);
            assertThat(result.body().get("error").get("code").asString()).isEqualTo("invalid_request");
        }
        assertThat(stack.items("USER")).isEmpty();
    }

    @Test
    void login_answersTokens_forTheRightPassword_andOne401Message_otherwise() {
        // given
        stack.http("POST", "/api/auth/register", null, body("username", "ada", "password", "right password"));

        // when
        HttpResult ok =
                stack.http("POST", "/api/auth/login", null, body("username", "ADA", "password", "right password"));
        HttpResult wrongPassword =
                stack.http("POST", "/api/auth/login", null, body("username", "ada", "password", "wrong password"));
        HttpResult noSuchUser =
                stack.http("POST", "/api/auth/login", null, body("username", "nobody", "password", "right password"));

        // then
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("user").get("username").asString()).isEqualTo("ada");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(noSuchUser.status()).isEqualTo(401);
        assertThat(noSuchUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void login_isThrottledPerUsernameAndAddress_after10Failures() {
        stack.http("POST", "/api/auth/register", null, body("username", "target", "password", "right password"));
        for (int i = 0; i < 10; i++) {
            stack.http("POST", "/api/auth/login", null, body("username", "target", "password", "guess " + i));
        }

        HttpResult eleventh =
                stack.http("POST", "/api/auth/login", null, body("username", "target", "password", "right password"));

        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.body().get("error").get("code").asString()).isEqualTo("rate_limited");
    }

    @Test
    void refresh_rotatesTheToken_andReusingTheOldOneRevokesTheFamily() {
        // given
        JsonNode tokens = stack.register("ada");
        String first = tokens.get("refreshToken").asString();

        // when
        HttpResult rotated = stack.http("POST", "/api/auth/refresh", null, body("refreshToken", first));
        String second = rotated.body().get("refreshToken").asString();
        HttpResult reuse = stack.http("POST", "/api/auth/refresh", null, body("refreshToken", first));
        HttpResult afterRevocation = stack.http("POST", "/api/auth/refresh", null, body("refreshToken", second));

        // then
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.body().get("user").get("id"))
                .isEqualTo(tokens.get("user").get("id"));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(afterRevocation.status()).as("the whole family is revoked").isEqualTo(401);
    }

    @Test
    void logout_revokesTheFamily_andAnswers204() {
        JsonNode tokens = stack.register("ada");

        HttpResult logout = stack.http(
                "POST",
                "/api/auth/logout",
                null,
                body("refreshToken", tokens.get("refreshToken").asString()));
        HttpResult refresh = stack.http(
                "POST",
                "/api/auth/refresh",
                null,
                body("refreshToken", tokens.get("refreshToken").asString()));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(refresh.status()).isEqualTo(401);
    }

    @Test
    void wsTicket_needsABearerToken_andOpensOneConnection() {
        JsonNode ada = stack.register("ada");

        HttpResult anonymous = stack.http("POST", "/api/auth/ws-ticket", null, null);
        HttpResult ticket = stack.http("POST", "/api/auth/ws-ticket", access(ada), null);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().get("error").get("code").asString()).isEqualTo("unauthorized");
        assertThat(ticket.status()).isEqualTo(200);
        assertThat(ticket.body().get("expiresIn").asInt()).isEqualTo(30);
        String connection = TestStack.newConnectionId();
        assertThat(stack.connect(
                        connection, Map.of("ticket", ticket.body().get("ticket").asString())))
                .isEqualTo(200);
        assertThat(stack.items("CONN#" + connection))
                .singleElement()
                .satisfies(item -> assertThat(item.get("userId").s())
                        .isEqualTo(ada.get("user").get("id").asString()));
    }

    @Test
    void sessions_listNewestFirst_pageByCursor_andHideOtherUsers() {
        // given: ada has three sessions (a hello opens a new one once the last has a message), bob one
        JsonNode ada = stack.register("ada");
        String adaConnection = stack.connectAs(ada);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(stack.send(adaConnection, "{\"action\":\"hello\"}")
                    .getFirst()
                    .get("sessionId")
                    .asString());
            stack.clock.advance(java.time.Duration.ofSeconds(1));
            if (i < 2) {
                stack.send(
                        adaConnection,
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-" + i + "\",\"content\":\"question " + i
                                + "\"}");
                stack.clock.advance(java.time.Duration.ofSeconds(1));
            }
        }
        stack.send(stack.connectAs(stack.register("bob")), "{\"action\":\"hello\"}");

        // when
        HttpResult page1 = stack.http("GET", "/api/sessions", access(ada), null, Map.of("limit", "2"));
        HttpResult page2 = stack.http(
                "GET",
                "/api/sessions",
                access(ada),
                null,
                Map.of("limit", "2", "cursor", page1.body().get("nextCursor").asString()));

        // then
        List<String> ids = new ArrayList<>();
        page1.body().get("items").forEach(s -> ids.add(s.get("id").asString()));
        page2.body().get("items").forEach(s -> ids.add(s.get("id").asString()));
        assertThat(ids).containsExactly(created.get(2), created.get(1), created.get(0));
        assertThat(page2.body().get("nextCursor").isNull()).isTrue();
        assertThat(page1.body().get("items").get(0).get("title").asString()).isEqualTo("New chat");
    }

    @Test
    void sessions_refuseACursorForgedForAnotherUser() {
        JsonNode ada = stack.register("ada");
        String forged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "gsi1pk\u001eUSER#u_someoneelse\u001f".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        HttpResult result = stack.http("GET", "/api/sessions", access(ada), null, Map.of("cursor", forged));

        assertThat(result.status()).isEqualTo(400);
    }

    @Test
    void messages_listNewestFirst_withAPageCursor() {
        // given
        JsonNode ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        String sessionId = stack.send(
                        connection,
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-1\"," + "\"content\":\"first question\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        stack.clock.advance(java.time.Duration.ofSeconds(1));
        stack.send(
                connection, "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-2\",\"content\":\"second question\"}");

        // when
        HttpResult page1 =
                stack.http("GET", "/api/sessions/" + sessionId + "/messages", access(ada), null, Map.of("limit", "3"));
        HttpResult page2 = stack.http(
                "GET",
                "/api/sessions/" + sessionId + "/messages",
                access(ada),
                null,
                Map.of("limit", "3", "cursor", page1.body().get("nextCursor").asString()));

        // then
        JsonNode items = page1.body().get("items");
        assertThat(items.get(0).get("role").asString()).isEqualTo("assistant");
        assertThat(items.get(1).get("content").asString()).isEqualTo("second question");
        assertThat(items.get(1).get("clientMessageId").asString()).isEqualTo("c-2");
        assertThat(items.get(0).get("replyTo").asString())
                .isEqualTo(items.get(1).get("id").asString());
        assertThat(items.get(2).get("role").asString()).isEqualTo("assistant");
        assertThat(page2.body().get("items"))
                .singleElement()
                .satisfies(m -> assertThat(m.get("content").asString()).isEqualTo("first question"));
    }

    private static String cursor(String fields) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(fields.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void cursorsFromTheCallersOwnPartition_butOfAnotherShape_answer400_withoutAStackTrace() {
        // given: ada's own partitions, each cursor off by one attribute, a type, or the kind of sort key
        JsonNode ada = stack.register("ada");
        String userId = ada.get("user").get("id").asString();
        String connection = stack.connectAs(ada);
        String sessionId = stack.send(
                        connection,
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-1\"," + "\"content\":\"question\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        String own = "SESSION#" + sessionId;
        String userPartition = "USER#" + userId;
        List<String> sessionCursors = List.of(
                cursor("gsi1pk\u001e" + userPartition + "\u001f"),
                cursor("gsi1pk\u001e" + userPartition + "\u001fgsi1sk\u001e0001795338000000#" + sessionId
                        + "\u001fpk\u001e" + own + "\u001fsk\u001eMETA\u001fextra\u001ex\u001f"),
                cursor("gsi1pk\u001e" + userPartition + "\u001fgsi1sk\u001e\u001fpk\u001e" + own
                        + "\u001fsk\u001eMETA\u001f"),
                cursor("gsi1pk\u001e" + userPartition + "\u001fgsi1sk\u001ex\u001fpk\u001e" + own
                        + "\u001fsk\u001eMSG#m_1\u001f"),
                "!!!not-base64!!!");
        List<String> messageCursors = List.of(
                cursor("pk\u001e" + own + "\u001f"),
                cursor("pk\u001e" + own + "\u001fsk\u001eMSG#m_1\u001fgsi1pk\u001e" + userPartition + "\u001f"),
                cursor("pk\u001e" + own + "\u001fsk\u001eCMID#c-1\u001f"),
                cursor("pk\u001e" + own + "\u001fsk\u001eMSG#m_1\u001fsk\u001eMSG#m_2\u001f"),
                cursor("pk\u001e" + own + "\u001fsk\u001eMSG#m_1"));
        String logged;

        // when / then
        try (var log = org.ibal.functions.support.CapturedOutput.ofSystemOut()) {
            for (String bad : sessionCursors) {
                HttpResult result = stack.http("GET", "/api/sessions", access(ada), null, Map.of("cursor", bad));
                assertThat(result.status()).as(bad).isEqualTo(400);
                assertThat(result.body().get("error").get("code").asString()).isEqualTo("invalid_request");
            }
            for (String bad : messageCursors) {
                HttpResult result = stack.http(
                        "GET", "/api/sessions/" + sessionId + "/messages", access(ada), null, Map.of("cursor", bad));
                assertThat(result.status()).as(bad).isEqualTo(400);
            }
            logged = log.text();
        }
        assertThat(logged).contains("-> 400").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void patchAndDelete_workOnOwnSessions_andAnswer404ForOthers() {
        // given
        JsonNode ada = stack.register("ada");
        JsonNode bob = stack.register("bob");
        String connection = stack.connectAs(ada);
        String sessionId = stack.send(
                        connection,
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-1\"," + "\"content\":\"question\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        String path = "/api/sessions/" + sessionId;

        // when / then: bob sees nothing
        assertThat(stack.http("GET", path + "/messages", access(bob), null).status())
                .isEqualTo(404);
        assertThat(stack.http("PATCH", path, access(bob), body("title", "mine now"))
                        .status())
                .isEqualTo(404);
        assertThat(stack.http("DELETE", path, access(bob), null).status()).isEqualTo(404);
        assertThat(stack.http("GET", "/api/sessions/s_missing/messages", access(bob), null)
                        .body())
                .isEqualTo(
                        stack.http("GET", path + "/messages", access(bob), null).body());

        // ada renames, then deletes
        HttpResult renamed = stack.http("PATCH", path, access(ada), body("title", "Photosynthesis"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().get("title").asString()).isEqualTo("Photosynthesis");
        assertThat(stack.http("PATCH", path, access(ada), body("title", "")).status())
                .isEqualTo(400);

        assertThat(stack.http("DELETE", path, access(ada), null).status()).isEqualTo(204);
        assertThat(stack.items("SESSION#" + sessionId))
                .as("session, messages and guards are gone")
                .isEmpty();
        assertThat(stack.http("GET", path + "/messages", access(ada), null).status())
                .isEqualTo(404);
    }

    @Test
    void unknownRoutes_answer404_andBadBearerTokens_401() {
        JsonNode ada = stack.register("ada");

        HttpResult unknown = stack.http("GET", "/api/no-such-route", null, null);
        HttpResult wrongMethod = stack.http("PUT", "/api/sessions", access(ada), null);
        HttpResult badToken = stack.http("GET", "/api/sessions", "eyJhbGciOiJub25lIn0.e30.", null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").get("code").asString()).isEqualTo("not_found");
        assertThat(wrongMethod.status()).isEqualTo(404);
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(stack.http("GET", "/api/sessions", access(ada), null, Map.of("limit", "500"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void routes_workUnderANamedStagePrefix() {
        HttpResult health = stack.http("GET", "/prod/api/health", null, null);

        assertThat(health.status()).isEqualTo(200);
    }
}
