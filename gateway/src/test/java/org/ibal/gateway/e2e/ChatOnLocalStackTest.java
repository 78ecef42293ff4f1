package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.store.SigningKeys;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * End to end with LocalStack as the AWS behind the functions: the gateway serves the WebSocket and HTTP APIs (which
 * community LocalStack lacks) and runs the real functions jar, whose table is in LocalStack's DynamoDB and whose
 * signing key is an SSM SecureString in LocalStack, read by the functions as on AWS. The same client steps as
 * {@link RealFunctionsTest}: register, connect, hello, a streamed reply, the history.
 */
@LocalStackTest
class ChatOnLocalStackTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String TABLE = "ibal-e2e-" + SUFFIX;
    private static final String PARAMETER = "/ibal-e2e/" + SUFFIX + "/jwt-signing-key";
    private static final String KEY = SigningKeys.generate();
    private static LocalStack localStack;
    private static Gateway gateway;

    @BeforeAll
    static void start(LocalStack found) throws Exception {
        localStack = found;
        try (SsmClient ssm = SsmClient.builder()
                .endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            ssm.putParameter(
                    b -> b.name(PARAMETER).type(ParameterType.SECURE_STRING).value(KEY));
        }
        gateway = TestGateway.start(
                RealFunctionsTest.TEMPLATE,
                Map.of(
                        "IBAL_STORE", localStack.endpoint().toString(),
                        "IBAL_TABLE_NAME_ChatTable", TABLE,
                        "AWS_REGION", localStack.region(),
                        "AWS_ACCESS_KEY_ID", localStack.accessKey(),
                        "AWS_SECRET_ACCESS_KEY", localStack.secretKey(),
                        "JWT_SIGNING_KEY_PARAMETER", PARAMETER,
                        "SSM_ENDPOINT", localStack.endpoint().toString(),
                        "DEMO_MODEL_DELAY_MS", "0"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void registerChatAndReadHistory_withTheTableAndTheSigningKeyInLocalStack() throws Exception {
        // given: a learner registered through the HTTP API
        String username = RealFunctionsTest.user();
        String token = RealFunctionsTest.register(gateway, username)
                .path("accessToken")
                .asText();

        // when: the browser's steps over the WebSocket
        String sessionId;
        List<JsonNode> frames;
        try (WsClient client = RealFunctionsTest.connect(gateway, token)) {
            client.send("{\"action\":\"hello\"}");
            JsonNode info = client.nextJson();
            assertThat(info.path("type").asText()).isEqualTo("user_info");
            assertThat(info.path("username").asText()).isEqualTo(username);
            sessionId = info.path("sessionId").asText();
            frames = RealFunctionsTest.exchange(client, sessionId, "c-1", "Why is the sky blue?");
        }

        // then: ack, chunks in order, the final message equal to what streamed
        assertThat(frames.getFirst().path("type").asText()).isEqualTo("ack");
        List<JsonNode> chunks = frames.stream()
                .filter(f -> f.path("type").asText().equals("chunk"))
                .toList();
        assertThat(chunks).isNotEmpty();
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i).path("seq").asInt()).isEqualTo(i);
            streamed.append(chunks.get(i).path("delta").asText());
        }
        assertThat(frames.getLast().path("content").asText())
                .isEqualTo(streamed.toString())
                .isNotEmpty();

        // and the history comes back from the store
        JsonNode history =
                WsClient.JSON.readTree(RealFunctionsTest.get(gateway, "/api/sessions/" + sessionId + "/messages", token)
                        .body());
        assertThat(history.path("items").findValuesAsText("role")).containsExactlyInAnyOrder("user", "assistant");

        // and that store is LocalStack's DynamoDB, and the token was signed with the SecureString's key
        assertThat(messagesInLocalStack(sessionId)).isEqualTo(2);
        assertThat(keyIdOf(token))
                .isEqualTo(WsClient.JSON.readTree(KEY).path("kid").asText());
    }

    private static int messagesInLocalStack(String sessionId) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return dynamo.query(b -> b.tableName(TABLE)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :msg)")
                            .expressionAttributeValues(Map.of(
                                    ":pk",
                                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                    "SESSION#" + sessionId),
                                    ":msg",
                                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                    "MSG#"))))
                    .count();
        }
    }

    private static String keyIdOf(String jwt) throws Exception {
        byte[] header = Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')));
        return WsClient.JSON
                .readTree(new String(header, StandardCharsets.UTF_8))
                .path("kid")
                .asText();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localStack.accessKey(), localStack.secretKey()));
    }
}
