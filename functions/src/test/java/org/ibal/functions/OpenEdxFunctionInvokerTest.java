package org.ibal.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.CapturedOutput;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.Events;
import org.ibal.functions.support.LmsStandIn;
import org.ibal.functions.support.SignInStack;
import org.ibal.functions.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Both Open edX sign-ins on the deployed path: event JSON through Spring Cloud Function's {@link FunctionInvoker},
 * configured by the same property names as on Lambda, with the output captured to prove that no state, code,
 * cookie, assertion, client secret or token — the LMS's or ours — is ever logged.
 */
@ExtendWith(DynamoDbLocal.class)
class OpenEdxFunctionInvokerTest {
    private static final RSAKey XBLOCK_KEY = LmsStandIn.rsa("xblock-invoker");
    private static final Map<String, String> CONFIG = new ConcurrentHashMap<>();
    private static CapturedOutput log;
    private static LmsStandIn lms;
    private static FunctionInvoker httpApi;

    @BeforeAll
    static void startFunction() throws IOException {
        lms = new LmsStandIn(Clock.systemUTC(), SignInStack.CALLBACK_URL);
        CONFIG.put("TABLE_NAME", DynamoDbLocal.newTable());
        CONFIG.put("DYNAMODB_ENDPOINT", DynamoDbLocal.endpoint().toString());
        CONFIG.put("JWT_SIGNING_KEY", TestKeys.ecKey("invoker-openedx").toJSONString());
        CONFIG.put("BCRYPT_COST", "4");
        CONFIG.put("aws.accessKeyId", "local");
        CONFIG.put("aws.secretAccessKey", "local");
        CONFIG.put("aws.region", "us-east-1");
        CONFIG.put("OPENEDX_LMS_URL", lms.url());
        CONFIG.put("OPENEDX_CLIENT_ID", LmsStandIn.CLIENT_ID);
        CONFIG.put("OPENEDX_CLIENT_SECRET", LmsStandIn.CLIENT_SECRET);
        CONFIG.put("OPENEDX_JWK_SET", lms.jwkSet());
        CONFIG.put("LMS_ASSERTION_PUBLIC_JWK", XBLOCK_KEY.toPublicJWK().toJSONString());
        CONFIG.put("ALLOWED_ORIGINS", SignInStack.LMS_ORIGIN);
        CONFIG.forEach(System::setProperty);

        log = CapturedOutput.ofSystemOut();
        httpApi = new FunctionInvoker(IbalFunctions.HTTP_API);
    }

    @AfterAll
    static void stop() {
        log.close();
        CONFIG.keySet().forEach(System::clearProperty);
        lms.close();
    }

    private static JsonNode invoke(
            String method, String path, Map<String, String> query, List<String> cookies, String body)
            throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Events.http(method, path, Map.of(), query, body));
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        httpApi.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void popupAndSeamlessSignIn_runThroughTheFunctionInvoker_andLogNoSecret() throws Exception {
        // given: the popup starts
        JsonNode start =
                invoke("GET", "/api/oauth/openedx/start", Map.of("origin", SignInStack.LMS_ORIGIN), List.of(), null);
        String authorizeUrl = start.get("headers").get("location").asString();
        String setCookie = start.get("cookies").get(0).asString();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        URI back = lms.authorize(authorizeUrl);
        Map<String, String> callbackQuery = LmsStandIn.decode(back.getRawQuery());

        // when
        JsonNode callback = invoke("GET", "/api/oauth/openedx/callback", callbackQuery, List.of(cookie), null);
        String assertion = assertion();
        JsonNode seamless = invoke(
                "POST",
                "/api/auth/lms",
                Map.of(),
                List.of(),
                Json.write(Json.object().put("assertion", assertion)));
        JsonNode replayed = invoke(
                "POST",
                "/api/auth/lms",
                Map.of(),
                List.of(),
                Json.write(Json.object().put("assertion", assertion)));

        // then: the redirect and its cookie survive the Lambda response serialization
        assertThat(start.get("statusCode").asInt()).isEqualTo(302);
        assertThat(authorizeUrl).startsWith(lms.url() + "/oauth2/authorize/");
        assertThat(setCookie).startsWith("__Host-ibal-oauth=").contains("HttpOnly");
        assertThat(callback.get("statusCode").asInt()).isEqualTo(200);
        assertThat(callback.get("headers").get("content-type").asString()).startsWith("text/html");
        String page = callback.get("body").asString();
        Matcher result = Pattern.compile("id=\"ibal-result\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        assertThat(result.find()).isTrue();
        JsonNode posted = Json.MAPPER.readTree(result.group(1));
        assertThat(posted.get("targetOrigin").asString()).isEqualTo(SignInStack.LMS_ORIGIN);
        JsonNode popupTokens = posted.get("message").get("tokens");
        assertThat(seamless.get("statusCode").asInt()).isEqualTo(200);
        JsonNode seamlessTokens = Json.MAPPER.readTree(seamless.get("body").asString());
        assertThat(seamlessTokens.get("user").get("username").asString()).isEqualTo("grace");
        assertThat(replayed.get("statusCode").asInt()).isEqualTo(401);

        // and nothing secret was logged
        String logs = log.text();
        assertThat(logs).contains("/api/oauth/openedx/callback -> 200");
        List<String> secrets = List.of(
                callbackQuery.get("state"),
                callbackQuery.get("code"),
                cookie.substring(cookie.indexOf('=') + 1),
                lms.issuedTokens.getFirst(),
                LmsStandIn.CLIENT_SECRET,
                popupTokens.get("accessToken").asString(),
                popupTokens.get("refreshToken").asString(),
                assertion,
                seamlessTokens.get("accessToken").asString(),
                seamlessTokens.get("refreshToken").asString());
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
        }
    }

    private static String assertion() throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(XBLOCK_KEY.getKeyID())
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer("ibal-xblock")
                        .audience("ibal")
                        .subject("anon-grace")
                        .claim("username", "grace")
                        .claim("name", "Grace Hopper")
                        .claim("course_id", "course-v1:IBAL+CS101+2026")
                        .claim("block_id", "block-v1:chat")
                        .claim("chatflow_id", "")
                        .claim("roles", List.of("student"))
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60)))
                        .jwtID(UUID.randomUUID().toString())
                        .build());
        jwt.sign(new RSASSASigner(XBLOCK_KEY));
        return jwt.serialize();
    }
}
