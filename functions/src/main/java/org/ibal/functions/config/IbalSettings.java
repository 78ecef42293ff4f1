package org.ibal.functions.config;

import static org.ibal.config.Setting.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ibal.config.Settings;
import org.ibal.functions.domain.auth.RegistrationPolicy;

/**
 * The functions' shared settings, read through the catalogue ({@link org.ibal.config.Setting}: names, defaults,
 * validation, docs/settings.md) from one lookup — on Lambda the Spring Environment, so environment variables and
 * JVM system properties both work.
 */
public record IbalSettings(
        String tableName,
        String dynamoDbEndpoint,
        String jwtIssuer,
        String jwtAudience,
        String jwtSigningKey,
        String jwtSigningKeyParameter,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        int messageMaxChars,
        int messageRatePerMinute,
        int dailyMessageQuota,
        int connectRatePerMinute,
        int connectFailuresPerIpPerMinute,
        int sessionsPerDay,
        RegistrationPolicy registrationPolicy,
        int registrationsPerIpPerHour,
        int loginFailuresPerAccountAndIp,
        int loginFailuresPerIp,
        int passwordMinLength,
        String modelProvider,
        Duration demoModelDelay,
        String managementApiEndpoint,
        int bcryptCost,
        Set<String> adminUsernames,
        boolean teachersSelfServe,
        int retentionDays,
        String costCurrency,
        BigDecimal modelPriceInPer1k,
        BigDecimal modelPriceOutPer1k,
        int functionMemoryMb) {

    public static IbalSettings from(Function<String, String> lookup) {
        Settings r = new Settings(lookup);
        return new IbalSettings(
                r.text(TABLE_NAME),
                r.text(DYNAMODB_ENDPOINT),
                r.text(JWT_ISSUER),
                r.text(JWT_AUDIENCE),
                r.text(JWT_SIGNING_KEY),
                r.text(JWT_SIGNING_KEY_PARAMETER),
                Duration.ofSeconds(r.whole(ACCESS_TOKEN_TTL_SECONDS)),
                Duration.ofSeconds(r.whole(REFRESH_TOKEN_TTL_SECONDS)),
                r.whole(MESSAGE_MAX_CHARS),
                r.whole(MESSAGE_RATE_PER_MINUTE),
                r.whole(DAILY_MESSAGE_QUOTA),
                r.whole(CONNECT_RATE_PER_MINUTE),
                r.whole(CONNECT_FAILURES_PER_IP_PER_MINUTE),
                r.whole(SESSIONS_PER_DAY),
                RegistrationPolicy.parse(r.text(REGISTRATION_POLICY)),
                r.whole(REGISTRATIONS_PER_IP_PER_HOUR),
                r.whole(LOGIN_FAILURES_PER_ACCOUNT_AND_IP),
                r.whole(LOGIN_FAILURES_PER_IP),
                r.whole(PASSWORD_MIN_LENGTH),
                r.text(MODEL_PROVIDER),
                Duration.ofMillis(r.whole(DEMO_MODEL_DELAY_MS)),
                r.text(MANAGEMENT_API_ENDPOINT),
                r.whole(BCRYPT_COST),
                usernames(r.text(ADMIN_USERNAMES)),
                Boolean.parseBoolean(r.text(TEACHERS_SELF_SERVE)),
                r.whole(RETENTION_DAYS),
                r.text(COST_CURRENCY).toUpperCase(Locale.ROOT),
                price(r, MODEL_PRICE_IN_PER_1K),
                price(r, MODEL_PRICE_OUT_PER_1K),
                r.whole(AWS_LAMBDA_FUNCTION_MEMORY_SIZE));
    }

    /** Comma-separated usernames, folded like sign-in folds them. */
    private static Set<String> usernames(String list) {
        return list == null
                ? Set.of()
                : Arrays.stream(list.split(","))
                        .map(name -> name.strip().toLowerCase(Locale.ROOT))
                        .filter(name -> !name.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
    }

    /** A price, validated by the catalogue (a number, not negative), kept exact for the cost model. */
    private static BigDecimal price(Settings r, org.ibal.config.Setting setting) {
        r.decimal(setting);
        return new BigDecimal(r.raw(setting));
    }
}
