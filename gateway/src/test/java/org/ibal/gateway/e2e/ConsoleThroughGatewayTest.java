package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class console (issue 10) end to end: template.yaml's routes and the real functions jar behind a real
 * gateway. A learner joins by invite and chats; the class's usage counts the turn; a budget refuses the next
 * question with budget_exhausted; suspending the learner closes their socket through the gateway's
 * {@code DELETE @connections} and refuses their sign-in.
 */
class ConsoleThroughGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(RealFunctionsTest.FUNCTIONS_JAR)) {
            throw new IllegalStateException(RealFunctionsTest.FUNCTIONS_JAR + " is missing: build the functions first");
        }
        gateway = TestGateway.start(
                RealFunctionsTest.TEMPLATE, Map.of("DEMO_MODEL_DELAY_MS", "0", "ADMIN_USERNAMES", "operator"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : WsClient.JSON.readTree(response.body());
    }

    @Test
    void aLearnerJoinsAndChats_theTeacherSeesTheTurn_aBudgetRefuses_andSuspensionDisconnects() throws Exception {
        String admin = RealFunctionsTest.register(gateway, "operator")
                .get("accessToken")
                .asText();
        JsonNode learnerTokens = RealFunctionsTest.register(gateway, RealFunctionsTest.user());
        String learner = learnerTokens.get("accessToken").asText();
        String classId = json(call("POST", "/api/classes", admin, "{\"name\":\"Biology 7B\"}"), 201)
                .get("classId")
                .asText();
        String code = json(
                        call(
                                "POST",
                                "/api/classes/" + classId + "/invites",
                                admin,
                                "{\"seats\":30,\"expiresInHours\":24}"),
                        201)
                .get("code")
                .asText();
        json(call("POST", "/api/classes/join", learner, "{\"code\":\"" + code + "\"}"), 200);

        try (WsClient socket = RealFunctionsTest.connect(gateway, learner)) {
            socket.send("{\"action\":\"hello\"}");
            String sessionId = socket.nextJson(f -> f.get("type").asText().equals("user_info"))
                    .get("sessionId")
                    .asText();
            assertThat(RealFunctionsTest.exchange(socket, sessionId, "c-1", "Why is the sky blue?")
                            .getLast()
                            .get("type")
                            .asText())
                    .isEqualTo("message");

            JsonNode usage = json(call("GET", "/api/classes/" + classId + "/usage", admin, null), 200);
            assertThat(usage.get("totals").get("messages").asLong()).isEqualTo(1);
            assertThat(usage.get("totals").get("cost").get("total").decimalValue())
                    .isPositive();
            assertThat(usage.toString()).doesNotContain("sky blue");
            json(call("GET", "/api/classes/" + classId + "/usage", learner, null), 403);

            json(call("PATCH", "/api/classes/" + classId, admin, "{\"monthlyBudget\":0.000001}"), 200);
            socket.send("{\"action\":\"sendMessage\",\"sessionId\":\"" + sessionId
                    + "\",\"clientMessageId\":\"c-2\",\"content\":\"And at sunset?\"}");
            assertThat(socket.nextJson(f -> f.get("type").asText().equals("error"))
                            .get("code")
                            .asText())
                    .isEqualTo("budget_exhausted");

            json(
                    call(
                            "POST",
                            "/api/classes/" + classId + "/learners/"
                                    + learnerTokens.get("user").get("id").asText() + "/suspend",
                            admin,
                            null),
                    204);
            assertThat(socket.awaitClose(Duration.ofSeconds(10)))
                    .as("the gateway closed the learner's socket")
                    .isNotNull();
        }
        JsonNode refused = json(
                call(
                        "POST",
                        "/api/auth/login",
                        null,
                        "{\"username\":\""
                                + learnerTokens.get("user").get("username").asText()
                                + "\",\"password\":\"correct horse battery\"}"),
                403);
        assertThat(refused.get("error").get("code").asText()).isEqualTo("account_suspended");
    }
}
