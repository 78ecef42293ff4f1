package org.ibal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of {@link Setting}s: looks each up by name, applies its default when it is absent or blank, and
 * validates it by its {@link Spec}, failing with {@link InvalidSettingException} naming the setting.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Function<String, String> lookup;

    /** @param lookup the environment, JVM properties or a test's map: name to value, null when absent */
    public Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** The value as given (stripped), or its default; null when neither. Never logs or checks secrets. */
    public String raw(Setting setting) {
        String value = lookup.apply(setting.name());
        return value == null || value.isBlank() ? setting.spec().fallback() : value.strip();
    }

    /** Whether the setting was given a (non-blank) value. */
    public boolean isSet(Setting setting) {
        String value = lookup.apply(setting.name());
        return value != null && !value.isBlank();
    }

    /** A text, secret, URL or choice setting, validated; null when absent without a default. */
    public String text(Setting setting) {
        String value = raw(setting);
        if (value == null) {
            return null;
        }
        return switch (setting.spec().type()) {
            case TEXT, SECRET -> value;
            case URL -> url(setting, value);
            case CHOICE -> choice(setting, value);
            default -> throw wrongType(setting, "text");
        };
    }

    public int whole(Setting setting) {
        requireType(setting, Spec.Type.WHOLE);
        long value = number(setting, raw(setting));
        return (int) value;
    }

    public double decimal(Setting setting) {
        requireType(setting, Spec.Type.DECIMAL);
        String value = raw(setting);
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting + " must be a number, not \"" + value + "\"");
        }
        if (number < setting.spec().min()) {
            throw new InvalidSettingException(
                    setting + " must be " + setting.spec().rule() + ", not " + value);
        }
        return number;
    }

    /** A {@link Spec.Type#MILLIS}, {@link Spec.Type#SECONDS} or {@link Spec.Type#DURATION} setting. */
    public Duration duration(Setting setting) {
        String value = raw(setting);
        if (value == null) {
            return null;
        }
        return switch (setting.spec().type()) {
            case MILLIS -> Duration.ofMillis(number(setting, value));
            case SECONDS -> seconds(setting, value);
            case DURATION -> gatewayDuration(setting, value);
            default -> throw wrongType(setting, "a duration");
        };
    }

    private long number(Setting setting, String value) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting + " must be a whole number, not \"" + value + "\"");
        }
        Spec spec = setting.spec();
        if (number < spec.min() || number > spec.max()) {
            throw new InvalidSettingException(setting + " must be a " + spec.rule() + ", not " + value);
        }
        return number;
    }

    private static Duration seconds(Setting setting, String value) {
        Duration duration;
        try {
            duration = value.toUpperCase(Locale.ROOT).startsWith("P")
                    ? Duration.parse(value)
                    : Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidSettingException(
                    setting + " must be whole seconds or an ISO-8601 duration, not \"" + value + "\"");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidSettingException(setting + " must be positive, not " + value);
        }
        return duration;
    }

    private static Duration gatewayDuration(Setting setting, String value) {
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidSettingException(setting + " must be a duration like 500ms, 29s, 10m or 2h, not " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static String choice(Setting setting, String value) {
        String word = value.toLowerCase(Locale.ROOT);
        if (!setting.spec().choices().contains(word)) {
            throw new InvalidSettingException(setting + " must be one of "
                    + String.join(", ", setting.spec().choices()) + ", not \"" + value + "\"");
        }
        return word;
    }

    /** An absolute http(s) URL with a host and no query, fragment or user info, its trailing slash dropped. */
    private static String url(Setting setting, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(setting + " is not a URL: \"" + value + "\"");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http"))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new InvalidSettingException(setting + " must be an http(s) URL with a host and no query, e.g. "
                    + "https://example.org/path, not \"" + value + "\"");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static void requireType(Setting setting, Spec.Type type) {
        if (setting.spec().type() != type) {
            throw wrongType(setting, type.name());
        }
    }

    private static IllegalArgumentException wrongType(Setting setting, String asked) {
        // a programming error (the catalogue and its reader disagree), not a bad value
        return new IllegalArgumentException(setting + " is a " + setting.spec().type() + " setting, not " + asked);
    }
}
