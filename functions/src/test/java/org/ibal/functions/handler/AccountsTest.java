package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ibal.functions.adapter.password.CommonPasswords;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.ibal.functions.support.TestStack.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sign-up and sign-in as an attacker would try them: the registration policy, the per-address limits, the password
 * rules of NIST SP 800-63B, names that could disguise themselves, and lockout that cannot be turned against a learner.
 */
@ExtendWith(DynamoDbLocal.class)
class AccountsTest {
    private static final String ADDRESS_A = "198.51.100.10";
    private static final String ADDRESS_B = "198.51.100.20";

    private final TestStack stack = new TestStack();

    /**
     * The JSON a browser sends: like JSON.stringify, it escapes surrogates and controls as {@code \\uXXXX} (so an
     * unpaired surrogate reaches the function as one, not as the "?" that encoding it raw in UTF-8 would give).
     */
    private static String body(String... keyValues) {
        var node = Json.object();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        StringBuilder out = new StringBuilder();
        for (char c : Json.write(node).toCharArray()) {
            out.append(
                    Character.isSurrogate(c) || Character.isISOControl(c)
                            ? String.format("\\u%04x", (int) c)
                            : String.valueOf(c));
        }
        return out.toString();
    }

    private static HttpResult register(TestStack on, String from, String... keyValues) {
        return on.http("POST", "/api/auth/register", null, body(keyValues), Map.of(), from);
    }

    private HttpResult login(String from, String username, String password) {
        return login(stack, from, username, password);
    }

    private static HttpResult login(TestStack on, String from, String username, String password) {
        return on.http(
                "POST", "/api/auth/login", null, body("username", username, "password", password), Map.of(), from);
    }

    private static String code(HttpResult result) {
        return result.body().get("error").get("code").asString();
    }

    // ---- registration policy ----

    @Test
    void closedRegistration_answers403_registrationClosed_andCountsNothing() {
        var closed = new TestStack(Map.of("REGISTRATION_POLICY", "closed"));

        HttpResult result = register(closed, ADDRESS_A, "username", "ada", "password", "correct horse battery");

        assertThat(result.status()).isEqualTo(403);
        assertThat(code(result)).isEqualTo("registration_closed");
        assertThat(result.body().get("error").get("message").asString()).contains("closed");
        assertThat(closed.items()).as("no user, no counter").isEmpty();
    }

    @Test
    void inviteOnlyRegistration_needsAValidCode_andSpendsItOnce() {
        var invite = new TestStack(Map.of("REGISTRATION_POLICY", "invite"));
        invite.inviteCodes.add("CLASS-7B");

        HttpResult noCode = register(invite, ADDRESS_A, "username", "ada", "password", "correct horse battery");
        HttpResult wrongCode = register(
                invite, ADDRESS_A, "username", "ada", "password", "correct horse battery", "inviteCode", "GUESS");
        HttpResult valid = register(
                invite, ADDRESS_A, "username", "ada", "password", "correct horse battery", "inviteCode", "CLASS-7B");
        HttpResult spent = register(
                invite, ADDRESS_A, "username", "bob", "password", "correct horse battery", "inviteCode", "CLASS-7B");

        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.body().get("error").get("message").asString()).contains("inviteCode");
        assertThat(wrongCode.status()).isEqualTo(403);
        assertThat(code(wrongCode)).isEqualTo("invalid_invite");
        assertThat(valid.status()).isEqualTo(201);
        assertThat(spent.status()).isEqualTo(403);
        assertThat(invite.items("USER#")).hasSize(1);
    }

    @Test
    void inviteOnlyRegistration_withTheDefaultAdapter_admitsNobody() {
        var invite = new TestStack(Map.of("REGISTRATION_POLICY", "invite"));

        HttpResult result = register(
                invite, ADDRESS_A, "username", "ada", "password", "correct horse battery", "inviteCode", "anything");

        // TestStack's own codes are empty; the production adapter (NoInvites) is wired the same way
        assertThat(result.status()).isEqualTo(403);
        assertThat(code(result)).isEqualTo("invalid_invite");
    }

    @Test
    void aTakenUsername_underInvites_isAConflict_withoutSpendingTheCode() {
        var invite = new TestStack(Map.of("REGISTRATION_POLICY", "invite"));
        invite.inviteCodes.add("ONE");
        invite.inviteCodes.add("TWO");
        register(invite, ADDRESS_A, "username", "ada", "password", "correct horse battery", "inviteCode", "ONE");

        HttpResult taken = register(
                invite, ADDRESS_A, "username", "ada", "password", "correct horse battery", "inviteCode", "TWO");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(invite.inviteCodes).containsExactly("TWO");
    }

    // ---- per-address attempt limit ----

    @Test
    void registrationAttempts_areLimitedPerAddress_countingMalformedOnesAndConflicts() {
        var limited = new TestStack(Map.of("REGISTRATIONS_PER_IP_PER_HOUR", "4"));
        register(limited, ADDRESS_A, "username", "ada", "password", "correct horse battery");

        HttpResult conflict = register(limited, ADDRESS_A, "username", "ada", "password", "correct horse battery");
        HttpResult malformed = limited.http("POST", "/api/auth/register", null, "not json", Map.of(), ADDRESS_A);
        HttpResult weak = register(limited, ADDRESS_A, "username", "eve", "password", "password");
        HttpResult fifth = register(limited, ADDRESS_A, "username", "eve", "password", "correct horse battery");
        HttpResult elsewhere = register(limited, ADDRESS_B, "username", "eve", "password", "correct horse battery");

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(code(fifth)).isEqualTo("rate_limited");
        assertThat(elsewhere.status()).as("another address is not affected").isEqualTo(201);
        assertThat(limited.items("USER#")).hasSize(2);
    }

    @Test
    void registrationAttemptsAcrossAnHourBoundary_getTheLimit_notTwiceIt() {
        // given: three attempts an hour per address; the clock one second before an hour boundary
        var limited = new TestStack(Map.of("REGISTRATIONS_PER_IP_PER_HOUR", "3"));
        limited.clock.advance(Duration.ofMinutes(59).plusSeconds(59));
        List<Integer> statuses = new ArrayList<>();

        // when: three sign-ups just before the boundary and three just after
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                limited.clock.advance(Duration.ofSeconds(2));
            }
            statuses.add(register(limited, ADDRESS_A, "username", "pupil" + i, "password", "correct horse battery")
                    .status());
        }

        // then: the burst spent the limit once (a fixed hour would have created six accounts)
        assertThat(statuses).containsExactly(201, 201, 201, 429, 429, 429);
        // and once most of the burst has aged out of the last hour, the address may sign up again
        limited.clock.advance(Duration.ofMinutes(50));
        assertThat(register(limited, ADDRESS_A, "username", "pupil9", "password", "correct horse battery")
                        .status())
                .isEqualTo(201);
    }

    // ---- passwords (NIST SP 800-63B) ----

    static Stream<Arguments> refusedPasswords() {
        return Stream.of(
                Arguments.of("seven characters", "abcdefg", "8 to 128"),
                Arguments.of("129 characters", "ab".repeat(64) + "c", "8 to 128"),
                Arguments.of("a lone high surrogate", "correct horse \uD800battery", "surrogate"),
                Arguments.of("a lone low surrogate", "correct horse \uDC00battery", "surrogate"),
                Arguments.of("a NUL", "correct horse\u0000battery", "control"),
                Arguments.of("a C1 control", "correct horse\u0085battery", "control"),
                Arguments.of("a common password", "password", "common"),
                Arguments.of("a common password in capitals", "PASSWORD1", "common"),
                Arguments.of("a common password typed full-width", "ｑｗｅｒｔｙｕｉｏｐ", "common"),
                Arguments.of("one repeated character", "aaaaaaaa", "repeated"),
                Arguments.of("eight spaces", "        ", "repeated"),
                Arguments.of("the username", "my name is grace.h!", "username"));
    }

    @ParameterizedTest(name = "a password with {0} is refused: {2}")
    @MethodSource("refusedPasswords")
    void register_refusesPasswordsAgainstThePolicy_with400_sayingWhy(String what, String password, String why) {
        HttpResult result = register(stack, ADDRESS_A, "username", "grace.h", "password", password);

        assertThat(result.status()).isEqualTo(400);
        assertThat(code(result)).isEqualTo("invalid_request");
        assertThat(result.body().get("error").get("message").asString()).contains(why);
        assertThat(stack.items("USER#")).isEmpty();
    }

    @Test
    void theBlocklist_holdsTheTenThousandMostCommonPasswords() {
        // case-folded, "password" and "Password" are one entry
        assertThat(CommonPasswords.size()).isBetween(9_000, 10_000);
        assertThat(new CommonPasswords().test("iloveyou")).isTrue();
        assertThat(new CommonPasswords().test("correct horse battery")).isFalse();
    }

    @Test
    void passwords_areNfkcNormalised_soOnePasswordTypedTwoWaysOpensTheAccount() {
        // given: registered with full-width letters (an East Asian keyboard's default)
        register(stack, ADDRESS_A, "username", "kenji", "password", "ｓｅｃｒｅｔ ｇａｒｄｅｎ ７");

        // when / then: the same password typed on a Latin keyboard
        assertThat(login(ADDRESS_A, "kenji", "secret garden 7").status()).isEqualTo(200);
        assertThat(login(ADDRESS_A, "kenji", "ｓｅｃｒｅｔ ｇａｒｄｅｎ ７").status()).isEqualTo(200);
    }

    @Test
    void passwordsWithLoneSurrogates_cannotOpenAnAccountWhosePasswordHasAQuestionMark() {
        // given: UTF-8 turns every lone surrogate into "?", so these once all opened this account
        register(stack, ADDRESS_A, "username", "ada", "password", "correct?horse");

        // when
        HttpResult high = login(ADDRESS_A, "ada", "correct\uD800horse");
        HttpResult low = login(ADDRESS_A, "ada", "correct\uDFFFhorse");

        // then
        assertThat(high.status()).isEqualTo(400);
        assertThat(low.status()).isEqualTo(400);
        assertThat(login(ADDRESS_A, "ada", "correct?horse").status()).isEqualTo(200);
    }

    // ---- names that could disguise themselves ----

    @ParameterizedTest(name = "a display name with U+{0} is refused")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"0000", "0007", "001B", "007F", "0085", "202A", "202E", "2066", "2069", "D800"})
    void register_refusesDisplayNamesWithControlOrBidiCharacters(String hex) {
        String name = "Ada " + (char) Integer.parseInt(hex, 16) + "Lovelace";

        HttpResult result =
                register(stack, ADDRESS_A, "username", "ada", "password", "correct horse battery", "displayName", name);

        assertThat(result.status()).isEqualTo(400);
        assertThat(stack.items("USER#")).isEmpty();
    }

    @Test
    void rename_refusesABidiOverride_andKeepsTheTitle() {
        var ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        String sessionId = stack.send(connection, "{\"action\":\"hello\"}")
                .getFirst()
                .get("sessionId")
                .asString();

        HttpResult result = stack.http(
                "PATCH",
                "/api/sessions/" + sessionId,
                ada.get("accessToken").asString(),
                body("title", "invoice\u202Egpj.exe"));

        assertThat(result.status()).isEqualTo(400);
        assertThat(stack.items("SESSION#" + sessionId).getFirst().get("title").s())
                .isEqualTo("New chat");
    }

    @Test
    void aTitleFromTheFirstMessage_losesControlAndBidiCharacters_andIsCutOnACharacterBoundary() {
        var ada = stack.register("ada");
        String connection = stack.connectAs(ada);
        String question = "\u202Eevil\u2066 title\u0000 " + "😀".repeat(70);

        String sessionId = stack.send(
                        connection,
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-1\",\"content\":"
                                + Json.MAPPER.writeValueAsString(question) + "}")
                .getFirst()
                .get("sessionId")
                .asString();

        String title = stack.http("GET", "/api/sessions", ada.get("accessToken").asString(), null)
                .body()
                .get("items")
                .get(0)
                .get("title")
                .asString();
        assertThat(title).startsWith("evil title 😀").endsWith("😀…").doesNotContain("\u202E", "\u2066", "\u0000");
        assertThat(title.codePointCount(0, title.length())).isEqualTo(60);
        assertThat(sessionId).startsWith("s_");
    }

    // ---- login: lockout an attacker cannot turn against the learner ----

    @Test
    void failedLogins_lockOutThatAccountFromThatAddressOnly() {
        // given: someone at address A guesses ada's password ten times
        register(stack, ADDRESS_A, "username", "ada", "password", "correct horse battery");
        for (int i = 0; i < 10; i++) {
            assertThat(login(ADDRESS_A, "ada", "guess number " + i).status()).isEqualTo(401);
        }

        // when
        HttpResult fromA = login(ADDRESS_A, "ada", "correct horse battery");
        HttpResult fromB = login(ADDRESS_B, "ada", "correct horse battery");

        // then: the guesser's address is held back; ada, elsewhere, signs in
        assertThat(fromA.status()).isEqualTo(429);
        assertThat(code(fromA)).isEqualTo("rate_limited");
        assertThat(fromB.status()).isEqualTo(200);
    }

    @Test
    void failedLoginsAcrossUsernames_fromOneAddress_areLimited() {
        // given: one address sprays wrong passwords across many usernames (most do not exist)
        var spray = new TestStack(Map.of("LOGIN_FAILURES_PER_IP", "5"));
        spray.http(
                "POST",
                "/api/auth/register",
                null,
                body("username", "ada", "password", "correct horse battery"),
                Map.of(),
                ADDRESS_B);
        for (int i = 0; i < 5; i++) {
            assertThat(spray.http(
                                    "POST",
                                    "/api/auth/login",
                                    null,
                                    body("username", "user" + i, "password", "Summer2026!"),
                                    Map.of(),
                                    ADDRESS_A)
                            .status())
                    .isEqualTo(401);
        }

        // when
        HttpResult sixth = spray.http(
                "POST",
                "/api/auth/login",
                null,
                body("username", "ada", "password", "correct horse battery"),
                Map.of(),
                ADDRESS_A);
        HttpResult elsewhere = spray.http(
                "POST",
                "/api/auth/login",
                null,
                body("username", "ada", "password", "correct horse battery"),
                Map.of(),
                ADDRESS_B);

        // then
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(elsewhere.status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loginFailureLimits")
    void failedLoginsAcrossAWindowBoundary_getTheLimit_notTwiceIt(String limit, boolean sameUsername) {
        // given: three failures per 15 minutes; the clock one second before a window boundary
        var strict = new TestStack(Map.of(limit, "3"));
        register(strict, ADDRESS_B, "username", "ada", "password", "correct horse battery");
        strict.clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        List<Integer> statuses = new ArrayList<>();

        // when: three wrong passwords just before the boundary and three just after
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                strict.clock.advance(Duration.ofSeconds(2));
            }
            String username = sameUsername ? "ada" : "user" + i;
            statuses.add(login(strict, ADDRESS_A, username, "guess number " + i).status());
        }
        int rightPasswordNow =
                login(strict, ADDRESS_A, "ada", "correct horse battery").status();
        // and once most of the burst has aged out of the last 15 minutes
        strict.clock.advance(Duration.ofMinutes(12));
        int rightPasswordLater =
                login(strict, ADDRESS_A, "ada", "correct horse battery").status();

        // then: the burst spent the limit once (a fixed window would have taken six guesses)
        assertThat(statuses).containsExactly(401, 401, 401, 429, 429, 429);
        assertThat(rightPasswordNow).isEqualTo(429);
        assertThat(rightPasswordLater).isEqualTo(200);
    }

    static Stream<Arguments> loginFailureLimits() {
        return Stream.of(
                Arguments.of("LOGIN_FAILURES_PER_ACCOUNT_AND_IP", true), Arguments.of("LOGIN_FAILURES_PER_IP", false));
    }

    @Test
    void aSuccessfulLogin_isNoFailure() {
        var strict = new TestStack(Map.of("LOGIN_FAILURES_PER_ACCOUNT_AND_IP", "2"));
        strict.http(
                "POST",
                "/api/auth/register",
                null,
                body("username", "ada", "password", "correct horse battery"),
                Map.of(),
                ADDRESS_A);

        int[] statuses = new int[6];
        String[] passwords = {
            "typo one",
            "correct horse battery",
            "correct horse battery",
            "correct horse battery",
            "typo two",
            "correct horse battery"
        };
        for (int i = 0; i < passwords.length; i++) {
            statuses[i] = strict.http(
                            "POST",
                            "/api/auth/login",
                            null,
                            body("username", "ada", "password", passwords[i]),
                            Map.of(),
                            ADDRESS_A)
                    .status();
        }

        // successes take back what they reserved; the two failures then hold the pair back
        assertThat(statuses).containsExactly(401, 200, 200, 200, 401, 429);
    }
}
