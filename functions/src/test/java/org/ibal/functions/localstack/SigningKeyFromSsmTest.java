package org.ibal.functions.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.ibal.functions.IbalFunctions;
import org.ibal.functions.config.Wiring;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.Events;
import org.ibal.functions.support.LocalStackAws;
import org.ibal.functions.support.LocalStackSsm;
import org.ibal.functions.support.TestKeys;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * The signing key path as on AWS, against LocalStack's SSM: the key is a SecureString, the functions are given only
 * its name (JWT_SIGNING_KEY_PARAMETER) and where SSM is (SSM_ENDPOINT), read it once at start with their signed
 * GetParameter, and sign with it. Configured as the gateway and FunctionInvokerTest configure functions: system
 * properties, removed afterwards.
 */
@LocalStackTest
class SigningKeyFromSsmTest {
    private static final Map<String, String> CONFIG = new HashMap<>();
    private static final ECKey KEY =
            TestKeys.ecKey("ssm-key-" + UUID.randomUUID().toString().substring(0, 8));
    private static final String PARAMETER = "/ibal-test/" + UUID.randomUUID() + "/jwt-signing-key";

    @BeforeAll
    static void configure(LocalStack localStack) {
        LocalStackSsm.putSecureString(localStack, PARAMETER, KEY.toJSONString());
        CONFIG.put("TABLE_NAME", LocalStackAws.newTable());
        CONFIG.put("DYNAMODB_ENDPOINT", localStack.endpoint().toString());
        CONFIG.put("SSM_ENDPOINT", localStack.endpoint().toString());
        CONFIG.put("JWT_SIGNING_KEY_PARAMETER", PARAMETER);
        CONFIG.put("BCRYPT_COST", "4");
        CONFIG.put("aws.accessKeyId", localStack.accessKey());
        CONFIG.put("aws.secretAccessKey", localStack.secretKey());
        CONFIG.put("aws.region", localStack.region());
        CONFIG.forEach(System::setProperty);
    }

    @AfterAll
    static void clear() {
        CONFIG.keySet().forEach(System::clearProperty);
    }

    @Test
    void theFunctionsSignTokens_withTheKeyInTheSecureString() throws Exception {
        // given: the httpApi function, started as Lambda starts it, knowing only the parameter's name
        FunctionInvoker httpApi = new FunctionInvoker(IbalFunctions.HTTP_API);

        // when
        String event = Events.http(
                "POST",
                "/api/auth/register",
                Map.of(),
                Map.of(),
                Json.write(Json.object()
                        .put("username", "ssm-" + UUID.randomUUID().toString().substring(0, 8))
                        .put("password", "correct horse battery")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        httpApi.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);

        // then: the access token verifies with the public half of the SSM key, and names its kid
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(201);
        String token = Json.MAPPER
                .readTree(response.get("body").asString())
                .get("accessToken")
                .asString();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(KEY.getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(KEY.toPublicJWK()))).isTrue();
    }

    @Test
    void aMissingParameter_stopsTheStart_namingIt() {
        Map<String, String> settings = new HashMap<>(CONFIG);
        settings.put("JWT_SIGNING_KEY_PARAMETER", PARAMETER + "-missing");

        assertThatThrownBy(() -> Wiring.fromSettings(settings::get).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PARAMETER + "-missing")
                .rootCause()
                .hasMessageContaining("ParameterNotFound");
    }
}
