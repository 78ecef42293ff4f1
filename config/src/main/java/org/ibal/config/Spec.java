package org.ibal.config;

import java.util.List;

/**
 * A setting's type, default and validation.
 *
 * @param type     how the value is read
 * @param fallback the default, as it would be written; null when there is none (the setting is then absent)
 * @param min      least accepted whole number (numbers and durations in their unit)
 * @param max      greatest accepted whole number
 * @param choices  the accepted words of a {@link Type#CHOICE}, lower case
 */
public record Spec(Type type, String fallback, long min, long max, List<String> choices) {

    public enum Type {
        /** Free text, stripped. */
        TEXT,
        /** Text never logged or printed; inline secrets have a {@code *_PARAMETER} twin naming an SSM parameter. */
        SECRET,
        /** An absolute http(s) URL with a host, no query, fragment or user info; a trailing slash is dropped. */
        URL,
        /** One word of a fixed list, case-insensitive, read in lower case. */
        CHOICE,
        /** A whole number between min and max. */
        WHOLE,
        /** A decimal number of at least min. */
        DECIMAL,
        /** Whole milliseconds between min and max. */
        MILLIS,
        /** Whole seconds ("120") or an ISO-8601 duration ("PT2M"), positive. */
        SECONDS,
        /** {@code 500ms}, {@code 29s}, {@code 10m}, {@code 2h}; a bare number is milliseconds. */
        DURATION
    }

    public static Spec text(String fallback) {
        return new Spec(Type.TEXT, fallback, 0, 0, List.of());
    }

    public static Spec secret() {
        return new Spec(Type.SECRET, null, 0, 0, List.of());
    }

    public static Spec url(String fallback) {
        return new Spec(Type.URL, fallback, 0, 0, List.of());
    }

    public static Spec choice(String fallback, String... choices) {
        return new Spec(Type.CHOICE, fallback, 0, 0, List.of(choices));
    }

    public static Spec whole(long fallback, long min, long max) {
        return new Spec(Type.WHOLE, Long.toString(fallback), min, max, List.of());
    }

    public static Spec decimal(double fallback, long min) {
        return new Spec(
                Type.DECIMAL,
                java.math.BigDecimal.valueOf(fallback).stripTrailingZeros().toPlainString(),
                min,
                Long.MAX_VALUE,
                List.of());
    }

    public static Spec millis(long fallback, long min, long max) {
        return new Spec(Type.MILLIS, Long.toString(fallback), min, max, List.of());
    }

    public static Spec seconds(String fallback) {
        return new Spec(Type.SECONDS, fallback, 1, Long.MAX_VALUE, List.of());
    }

    public static Spec duration(String fallback) {
        return new Spec(Type.DURATION, fallback, 0, Long.MAX_VALUE, List.of());
    }

    /** What a value must be, in words, for error messages and docs/settings.md. */
    public String rule() {
        return switch (type) {
            case TEXT -> "text";
            case SECRET -> "secret text";
            case URL -> "http(s) URL";
            case CHOICE -> String.join(" \\| ", choices);
            case WHOLE -> "whole number " + range();
            case DECIMAL -> "number ≥ " + min;
            case MILLIS -> "milliseconds " + range();
            case SECONDS -> "seconds or ISO-8601 duration, > 0";
            case DURATION -> "duration (500ms, 29s, 10m, 2h)";
        };
    }

    private String range() {
        return max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "≥ " + min : min + "–" + max;
    }
}
