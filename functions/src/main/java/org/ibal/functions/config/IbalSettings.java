package org.ibal.functions.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.function.Function;
import org.ibal.functions.domain.auth.PasswordPolicy;
import org.ibal.functions.domain.auth.RegistrationPolicy;

/**
 * Every setting, read by its documented name (functions/README.md) from one lookup — on Lambda the Spring
 * Environment, so environment variables and JVM system properties both work.
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
        Reader r = new Reader(lookup);
        IbalSettings settings = new IbalSettings(
                r.text("TABLE_NAME", "ibal"),
                r.text("DYNAMODB_ENDPOINT", null),
                r.text("JWT_ISSUER", "ibal"),
                r.text("JWT_AUDIENCE", "ibal"),
                r.text("JWT_SIGNING_KEY", null),
                r.text("JWT_SIGNING_KEY_PARAMETER", null),
                Duration.ofSeconds(r.positive("ACCESS_TOKEN_TTL_SECONDS", 900)),
                Duration.ofSeconds(r.positive("REFRESH_TOKEN_TTL_SECONDS", 2_592_000)),
                r.positive("MESSAGE_MAX_CHARS", 4000),
                r.positive("MESSAGE_RATE_PER_MINUTE", 20),
                r.positive("DAILY_MESSAGE_QUOTA", 300),
                r.positive("CONNECT_RATE_PER_MINUTE", 30),
                r.positive("CONNECT_FAILURES_PER_IP_PER_MINUTE", 60),
                r.positive("SESSIONS_PER_DAY", 100),
                RegistrationPolicy.parse(r.text("REGISTRATION_POLICY", "open")),
                r.positive("REGISTRATIONS_PER_IP_PER_HOUR", 30),
                r.positive("LOGIN_FAILURES_PER_ACCOUNT_AND_IP", 10),
                r.positive("LOGIN_FAILURES_PER_IP", 30),
                r.positive("PASSWORD_MIN_LENGTH", PasswordPolicy.NIST_MIN_LENGTH),
                r.text("MODEL_PROVIDER", "demo").toLowerCase(Locale.ROOT),
                Duration.ofMillis(r.nonNegative("DEMO_MODEL_DELAY_MS", 0)),
                managementApiEndpoint(r.text("MANAGEMENT_API_ENDPOINT", null)),
                (int) r.positive("BCRYPT_COST", 10),
                usernames(r.text("ADMIN_USERNAMES", "")),
                r.flag("TEACHERS_SELF_SERVE", false),
                r.positive("RETENTION_DAYS", 365),
                r.text("COST_CURRENCY", "USD").toUpperCase(Locale.ROOT),
                r.price("MODEL_PRICE_IN_PER_1K", "0.00015"),
                r.price("MODEL_PRICE_OUT_PER_1K", "0.0006"),
                // Lambda sets this for every function; the cost model bills GB-seconds with it.
                r.positive("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", 1024));
        if (settings.passwordMinLength < PasswordPolicy.NIST_MIN_LENGTH
                || settings.passwordMinLength > PasswordPolicy.MAX_MIN_LENGTH) {
            throw new IllegalStateException("PASSWORD_MIN_LENGTH must be " + PasswordPolicy.NIST_MIN_LENGTH + " to "
                    + PasswordPolicy.MAX_MIN_LENGTH + " (NIST SP 800-63B asks for at least 8), not "
                    + settings.passwordMinLength);
        }
        if (settings.bcryptCost < 4 || settings.bcryptCost > 31) {
            throw new IllegalStateException("BCRYPT_COST must be 4 to 31, not " + settings.bcryptCost);
        }
        if (!List.of("demo", "flowise", "openai").contains(settings.modelProvider)) {
            throw new IllegalStateException("MODEL_PROVIDER must be demo, flowise or openai, not "
                    + settings.modelProvider);
        }
        return settings;
    }

    /** An absolute http(s) URL without query or fragment, its trailing slash dropped; null stays null. */
    private static String managementApiEndpoint(String value) {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("MANAGEMENT_API_ENDPOINT is not a URL: \"" + value + "\"");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalStateException("MANAGEMENT_API_ENDPOINT must be an http(s) URL with a host and no query,"
                    + " e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod, not \"" + value + "\"");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** Comma-separated usernames, folded like sign-in folds them. */
    private static Set<String> usernames(String list) {
        return Arrays.stream(list.split(",")).map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private record Reader(Function<String, String> lookup) {
        BigDecimal price(String name, String fallback) {
            String value = text(name, fallback);
            try {
                BigDecimal price = new BigDecimal(value);
                if (price.signum() < 0) {
                    throw new NumberFormatException();
                }
                return price;
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a price (a non-negative decimal), not \"" + value
                        + "\"");
            }
        }

        boolean flag(String name, boolean fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalStateException(name + " must be true or false, not \"" + value + "\"");
            };
        }

        String text(String name, String fallback) {
            String value = lookup.apply(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        int positive(String name, int fallback) {
            long value = number(name, fallback);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new IllegalStateException(name + " must be a positive whole number, not " + value);
            }
            return (int) value;
        }

        long nonNegative(String name, long fallback) {
            long value = number(name, fallback);
            if (value < 0) {
                throw new IllegalStateException(name + " must not be negative, not " + value);
            }
            return value;
        }

        private long number(String name, long fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a whole number, not \"" + value + "\"");
            }
        }
    }
}
