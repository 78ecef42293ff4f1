package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestKeys;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every way in which input is refused, each with its expected answer — and proof, read back from the table,
 * that nothing was stored.
 */
@ExtendWith(DynamoDbLocal.class)
class BadInputTest {
    private static final TestStack STACK = new TestStack(Map.of("MESSAGE_MAX_CHARS", "50"));
    private static final JsonNode ADA = STACK.register("ada");
    private static final String ADA_ID = ADA.get("user").get("id").asString();

    // ---- $connect: every bad credential is a 401 and stores no connection ----

    /** A token minted with our key (unless the case says otherwise), from claims a case may spoil. */
    private record TokenCase(String name, Function<TestStack, String> token) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<TokenCase> badTokens() {
        return Stream.of(
                new TokenCase("missing token", s -> null),
                new TokenCase("malformed token", s -> "not.a.jwt"),
                new TokenCase("garbage base64 token", s -> "eyJhbGciOiJFUzI1NiJ9.@@@.###"),
                new TokenCase(
                        "expired token",
                        s -> es256(
                                s.signingKey,
                                claims(s)
                                        .expirationTime(
                                                Date.from(s.clock.instant().minus(Duration.ofMinutes(5))))
                                        .build())),
                new TokenCase(
                        "not-yet-valid token",
                        s -> es256(
                                s.signingKey,
                                claims(s)
                                        .notBeforeTime(
                                                Date.from(s.clock.instant().plus(Duration.ofMinutes(5))))
                                        .build())),
                new TokenCase(
                        "wrong issuer",
                        s -> es256(
                                s.signingKey, claims(s).issuer("someone-else").build())),
                new TokenCase(
                        "wrong audience",
                        s -> es256(s.signingKey, claims(s).audience("other-app").build())),
                new TokenCase(
                        "unknown kid",
                        s -> es256(TestKeys.ecKey("unknown-kid"), claims(s).build())),
                new TokenCase(
                        "our kid but another key",
                        s -> es256(
                                withKid(TestKeys.ecKey("x"), s.signingKey.getKeyID()),
                                claims(s).build())),
                new TokenCase("alg none", s -> new PlainJWT(claims(s).build()).serialize()),
                new TokenCase("HS256 signed with the public key", BadInputTest::hsDowngrade),
                new TokenCase("tampered payload", s -> {
                    String[] parts = es256(s.signingKey, claims(s).build()).split("\\.");
                    String forged = java.util.Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString("{\"sub\":\"u_admin\",\"iss\":\"ibal\",\"aud\":\"ibal\",\"exp\":9999999999}"
                                    .getBytes(StandardCharsets.UTF_8));
                    return parts[0] + "." + forged + "." + parts[2];
                }));
    }

    @ParameterizedTest(name = "$connect refuses a {0} with 401 and stores nothing")
    @MethodSource("badTokens")
    void connect_refusesBadTokens_with401_andStoresNothing(TokenCase badToken) {
        // given
        String connectionId = TestStack.newConnectionId();
        String token = badToken.token().apply(STACK);

        // when
        int status = STACK.connect(connectionId, token == null ? Map.of("auth_type", "jwt") : Map.of("token", token));

        // then
        assertThat(status).isEqualTo(401);
        assertThat(STACK.items("CONN#" + connectionId)).isEmpty();
    }

    @Test
    void connect_refusesAReusedTicket_with401() {
        // given
        var ticket =
                STACK.http("POST", "/api/auth/ws-ticket", ADA.get("accessToken").asString(), null);
        String value = ticket.body().get("ticket").asString();
        String first = TestStack.newConnectionId();
        String second = TestStack.newConnectionId();

        // when
        int firstStatus = STACK.connect(first, Map.of("ticket", value));
        int secondStatus = STACK.connect(second, Map.of("ticket", value));

        // then
        assertThat(firstStatus).isEqualTo(200);
        assertThat(secondStatus).isEqualTo(401);
        assertThat(STACK.items("CONN#" + second)).isEmpty();
    }

    @Test
    void connect_refusesAnExpiredTicket_with401() {
        // given
        var stack = new TestStack();
        JsonNode bob = stack.register("bob");
        String ticket = stack.http(
                        "POST", "/api/auth/ws-ticket", bob.get("accessToken").asString(), null)
                .body()
                .get("ticket")
                .asString();

        // when
        stack.clock.advance(Duration.ofSeconds(31));
        int status = stack.connect(TestStack.newConnectionId(), Map.of("ticket", ticket));

        // then
        assertThat(status).isEqualTo(401);
    }

    // ---- message routes: every bad frame answers an error, keeps the connection, stores nothing ----

    record FrameCase(String name, String body, String code, String replyTo) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FrameCase> badFrames() {
        String tooLong = "x".repeat(51);
        return Stream.of(
                new FrameCase("not JSON", "hello there", "invalid_message", null),
                new FrameCase("truncated JSON", "{\"action\":\"sendMessage\"", "invalid_message", null),
                new FrameCase("a JSON array", "[1,2,3]", "invalid_message", null),
                new FrameCase("a JSON string", "\"sendMessage\"", "invalid_message", null),
                new FrameCase("no action", "{\"content\":\"hi\"}", "unknown_action", null),
                new FrameCase("an unknown action", "{\"action\":\"deleteEverything\"}", "unknown_action", null),
                new FrameCase("an action of the wrong type", "{\"action\":42}", "unknown_action", null),
                new FrameCase(
                        "sendMessage without clientMessageId",
                        "{\"action\":\"sendMessage\",\"content\":\"hi\"}",
                        "invalid_message",
                        null),
                new FrameCase(
                        "sendMessage with an empty clientMessageId",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"\",\"content\":\"hi\"}",
                        "invalid_message",
                        null),
                new FrameCase(
                        "sendMessage with a 65-char clientMessageId",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"" + "c".repeat(65)
                                + "\",\"content\":\"hi\"}",
                        "invalid_message",
                        null),
                new FrameCase(
                        "sendMessage without content",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-1\"}",
                        "invalid_message",
                        "c-1"),
                new FrameCase(
                        "sendMessage with blank content",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-2\",\"content\":\"   \"}",
                        "invalid_message",
                        "c-2"),
                new FrameCase(
                        "sendMessage with numeric content",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-3\",\"content\":7}",
                        "invalid_message",
                        "c-3"),
                new FrameCase(
                        "sendMessage over MESSAGE_MAX_CHARS",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-4\",\"content\":\"" + tooLong + "\"}",
                        "message_too_large",
                        "c-4"),
                new FrameCase(
                        "sendMessage to a session that does not exist",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-5\",\"sessionId\":\"s_nope\","
                                + "\"content\":\"hi\"}",
                        "session_not_found",
                        "c-5"),
                new FrameCase(
                        "hello with a non-string sessionId",
                        "{\"action\":\"hello\",\"sessionId\":5}",
                        "invalid_message",
                        null));
    }

    @ParameterizedTest(name = "a frame with {0} gets an error frame and stores nothing")
    @MethodSource("badFrames")
    void messageRoutes_answerAnError_andStoreNothing_forBadFrames(FrameCase bad) {
        // given
        String connection = STACK.connectAs(ADA);
        int sessionItemsBefore = STACK.items("SESSION#").size();

        // when
        List<JsonNode> frames = STACK.send(connection, bad.body());

        // then
        assertThat(frames).singleElement().satisfies(error -> {
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("code").asString()).isEqualTo(bad.code());
            assertThat(error.get("retryable").asBoolean()).isFalse();
            assertThat(error.get("message").asString()).isNotBlank();
            assertThat(error.has("replyTo") ? error.get("replyTo").asString() : null)
                    .isEqualTo(bad.replyTo());
        });
        assertThat(STACK.items("SESSION#")).hasSize(sessionItemsBefore);
        assertThat(STACK.items("CONN#" + connection))
                .as("the connection stays open")
                .hasSize(1);
    }

    @Test
    void sendMessage_toAnotherUsersSession_isSessionNotFound_andStoresNothingThere() {
        // given
        String bobConnection = STACK.connectAs(STACK.register("bob"));
        String bobSession = STACK.send(bobConnection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();
        String adaConnection = STACK.connectAs(ADA);

        // when
        List<JsonNode> frames = STACK.send(
                adaConnection,
                "{\"action\":\"sendMessage\",\"clientMessageId\":\"x-1\"," + "\"sessionId\":\"" + bobSession
                        + "\",\"content\":\"let me in\"}");

        // then
        assertThat(frames)
                .singleElement()
                .satisfies(f -> assertThat(f.get("code").asString()).isEqualTo("session_not_found"));
        assertThat(STACK.items("SESSION#" + bobSession))
                .as("only bob's session record")
                .hasSize(1);
    }

    @Test
    void sendMessage_overTheRateLimit_isRateLimited_retryable_andStoresNothing() {
        // given
        var stack = new TestStack(Map.of("MESSAGE_RATE_PER_MINUTE", "2"));
        String connection = stack.connectAs(stack.register("eve"));
        stack.send(connection, send("r-1"));
        stack.send(connection, send("r-2"));
        int messagesBefore = messages(stack);

        // when
        List<JsonNode> frames = stack.send(connection, send("r-3"));

        // then
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.get("code").asString()).isEqualTo("rate_limited");
            assertThat(f.get("retryable").asBoolean()).isTrue();
            assertThat(f.get("replyTo").asString()).isEqualTo("r-3");
        });
        assertThat(messages(stack)).isEqualTo(messagesBefore);

        // and once the burst has aged out of the sliding minute, the same message goes through
        stack.clock.advance(Duration.ofSeconds(90));
        assertThat(stack.send(connection, send("r-3")).getFirst().get("type").asString())
                .isEqualTo("ack");
    }

    @Test
    void sendMessage_overTheDailyQuota_isQuotaExceeded_untilTheNextUtcDay() {
        // given
        var stack = new TestStack(Map.of("DAILY_MESSAGE_QUOTA", "2"));
        String connection = stack.connectAs(stack.register("eve"));
        stack.send(connection, send("q-1"));
        stack.clock.advance(Duration.ofMinutes(2));
        stack.send(connection, send("q-2"));
        stack.clock.advance(Duration.ofMinutes(2));
        int messagesBefore = messages(stack);

        // when
        List<JsonNode> frames = stack.send(connection, send("q-3"));

        // then
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.get("code").asString()).isEqualTo("quota_exceeded");
            assertThat(f.get("retryable").asBoolean()).isFalse();
        });
        assertThat(messages(stack)).isEqualTo(messagesBefore);

        stack.clock.advance(Duration.between(stack.clock.instant(), Instant.parse("2026-11-25T00:00:01Z")));
        assertThat(stack.send(connection, send("q-3")).getFirst().get("type").asString())
                .isEqualTo("ack");
    }

    @Test
    void connect_tooOftenFromOneUser_is429() {
        // given
        var stack = new TestStack(Map.of("CONNECT_RATE_PER_MINUTE", "2"));
        JsonNode eve = stack.register("eve");
        Map<String, String> query = Map.of("token", eve.get("accessToken").asString());

        // when
        int first = stack.connect(TestStack.newConnectionId(), query, "192.0.2.1");
        int second = stack.connect(TestStack.newConnectionId(), query, "192.0.2.2");
        String third = TestStack.newConnectionId();
        int thirdStatus = stack.connect(third, query, "192.0.2.3");

        // then
        assertThat(List.of(first, second, thirdStatus)).containsExactly(200, 200, 429);
        assertThat(stack.items("CONN#" + third)).isEmpty();
    }

    @Test
    void connect_refusesAForgedTicket_withoutLookingItUp() {
        // given: garbage, and a real ticket whose signature was tampered with
        var stack = new TestStack();
        String garbage = "garbage-" + "x".repeat(40);
        String forged = stack.http(
                        "POST",
                        "/api/auth/ws-ticket",
                        stack.register("ada").get("accessToken").asString(),
                        null)
                .body()
                .get("ticket")
                .asString();
        stack.dynamoCalls.clear();

        // when
        int garbageStatus = stack.connect(TestStack.newConnectionId(), Map.of("ticket", garbage), "192.0.2.50");
        String[] parts = forged.split("\\.");
        int tamperedStatus = stack.connect(
                TestStack.newConnectionId(),
                Map.of("ticket", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "AAAA"),
                "192.0.2.50");

        // then: only the address's failure counts were read (the previous minute's, for the sliding window) and
        // written; no ticket was read or spent
        assertThat(List.of(garbageStatus, tamperedStatus)).containsExactly(401, 401);
        assertThat(stack.dynamoCalls.operations()).containsExactly("GetItem", "UpdateItem", "GetItem", "UpdateItem");
        assertThat(stack.dynamoCalls.itemKeys()).allMatch(pk -> pk.startsWith("RATE#conn-fail#192.0.2.50#"));
        assertThat(stack.items("TICKET#")).isEmpty();
    }

    @Test
    void connect_refusesAnAccessTokenAsATicket_andATicketAsAnAccessToken() {
        // given
        String accessToken = ADA.get("accessToken").asString();
        String ticket = STACK.http("POST", "/api/auth/ws-ticket", accessToken, null)
                .body()
                .get("ticket")
                .asString();

        // when
        int tokenAsTicket = STACK.connect(TestStack.newConnectionId(), Map.of("ticket", accessToken));
        int ticketAsToken = STACK.connect(TestStack.newConnectionId(), Map.of("token", ticket));
        var ticketAsBearer = STACK.http("GET", "/api/sessions", ticket, null);

        // then
        assertThat(tokenAsTicket).isEqualTo(401);
        assertThat(ticketAsToken).isEqualTo(401);
        assertThat(ticketAsBearer.status()).isEqualTo(401);
        assertThat(STACK.connect(TestStack.newConnectionId(), Map.of("ticket", ticket)))
                .as("still unspent")
                .isEqualTo(200);
    }

    @Test
    void connect_failedHandshakesFromOneAddress_are429_whileValidOnesFromItStillConnect() {
        // given: three failures a minute per address; one machine behind the school's NAT sends garbage
        var stack = new TestStack(Map.of("CONNECT_FAILURES_PER_IP_PER_MINUTE", "3"));
        JsonNode learner = stack.register("learner");
        String nat = "192.0.2.99";
        List<Integer> garbage = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            garbage.add(stack.connect(TestStack.newConnectionId(), Map.of("token", "garbage." + i), nat));
        }

        // when: a learner at the same address connects, with a token and with a ticket
        int withToken = stack.connect(
                TestStack.newConnectionId(),
                Map.of("token", learner.get("accessToken").asString()),
                nat);
        String ticket = stack.http(
                        "POST",
                        "/api/auth/ws-ticket",
                        learner.get("accessToken").asString(),
                        null)
                .body()
                .get("ticket")
                .asString();
        int withTicket = stack.connect(TestStack.newConnectionId(), Map.of("ticket", ticket), nat);

        // then
        assertThat(garbage).containsExactly(401, 401, 401, 429, 429);
        assertThat(withToken).isEqualTo(200);
        assertThat(withTicket).isEqualTo(200);
        // and once the burst has partly aged out of the last 60 s (half of it here), the address may fail again
        stack.clock.advance(Duration.ofSeconds(90));
        assertThat(stack.connect(TestStack.newConnectionId(), Map.of("token", "garbage"), nat))
                .isEqualTo(401);
    }

    @Test
    void connect_failedHandshakesAcrossAMinuteBoundary_getTheLimit_notTwiceIt() {
        // given: three failures a minute per address; the clock one second before a minute boundary
        var stack = new TestStack(Map.of("CONNECT_FAILURES_PER_IP_PER_MINUTE", "3"));
        stack.clock.advance(Duration.ofSeconds(59));
        String attacker = "192.0.2.98";
        List<Integer> statuses = new java.util.ArrayList<>();

        // when: garbage just before the boundary and just after it
        for (int i = 0; i < 3; i++) {
            statuses.add(stack.connect(TestStack.newConnectionId(), Map.of("token", "before." + i), attacker));
        }
        stack.clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            statuses.add(stack.connect(TestStack.newConnectionId(), Map.of("token", "after." + i), attacker));
        }

        // then: the 3 s burst spent the limit once (a fixed window would have answered 401 six times)
        assertThat(statuses).containsExactly(401, 401, 401, 429, 429, 429);
    }

    @Test
    void connect_validHandshakes_neverCountAgainstTheirAddress() {
        // given: a class of six connecting from one address, with a limit of two failures
        var stack = new TestStack(Map.of("CONNECT_FAILURES_PER_IP_PER_MINUTE", "2"));
        String nat = "192.0.2.77";
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(stack.connect(
                    TestStack.newConnectionId(),
                    Map.of(
                            "token",
                            stack.register("pupil" + i).get("accessToken").asString()),
                    nat));
        }

        // when
        int firstFailure = stack.connect(TestStack.newConnectionId(), Map.of("token", "expired-or-garbage"), nat);

        // then
        assertThat(statuses).containsOnly(200);
        assertThat(firstFailure).as("the six successes spent nothing").isEqualTo(401);
    }

    private static String send(String clientMessageId) {
        return "{\"action\":\"sendMessage\",\"clientMessageId\":\"" + clientMessageId + "\",\"content\":\"hello\"}";
    }

    private static int messages(TestStack stack) {
        return (int) stack.items("SESSION#").stream()
                .filter(i -> i.get("sk").s().startsWith("MSG#"))
                .count();
    }

    private static JWTClaimsSet.Builder claims(TestStack stack) {
        Instant now = stack.clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer("ibal")
                .audience("ibal")
                .subject(ADA_ID)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .jwtID("j-" + now.toEpochMilli())
                .claim("provider", "local")
                .claim("username", "ada")
                .claim("name", "Ada");
    }

    private static String es256(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey withKid(ECKey key, String kid) {
        return new ECKey.Builder(key).keyID(kid).build();
    }

    /** The classic downgrade: HS256 with the server's public key as the HMAC secret. */
    private static String hsDowngrade(TestStack stack) {
        try {
            byte[] publicKey = stack.signingKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(stack.signingKey.getKeyID())
                            .build(),
                    claims(stack).build());
            jwt.sign(new MACSigner(publicKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
