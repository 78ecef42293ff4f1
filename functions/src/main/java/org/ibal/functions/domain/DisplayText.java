package org.ibal.functions.domain;

import org.ibal.functions.domain.error.InvalidInputException;

/**
 * Text other people's screens show as a label (display names, session titles). NUL, C0/C1 controls, bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and unpaired surrogates can hide or reorder what
 * a reader sees ("Trojan Source"), so typed names refuse them and derived titles drop them.
 */
public final class DisplayText {
    private DisplayText() {}

    /**
     * The value, stripped of surrounding whitespace.
     *
     * @throws InvalidInputException naming {@code field} when it holds a character this class refuses, or is longer
     *                               than {@code maxChars} code points
     */
    public static String checked(String value, String field, int maxChars) {
        if (hasUnpairedSurrogate(value)) {
            throw new InvalidInputException(field + " is not valid Unicode text (an unpaired surrogate)");
        }
        if (value.codePoints().anyMatch(DisplayText::refused)) {
            throw new InvalidInputException(field + " must not contain control characters or bidirectional"
                    + " overrides (U+202A-U+202E, U+2066-U+2069)");
        }
        String stripped = value.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxChars) {
            throw new InvalidInputException(field + " must be at most " + maxChars + " characters");
        }
        return stripped;
    }

    /** The value without the characters {@link #checked} refuses (unpaired surrogates included). */
    public static String cleaned(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            // codePointAt answers an unpaired surrogate as itself, a BMP value.
            boolean unpairedSurrogate = cp <= 0xFFFF && Character.isSurrogate((char) cp);
            if (!refused(cp) && !unpairedSurrogate) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** At most {@code maxChars} code points, ending in "…" when cut; never splits a surrogate pair. */
    public static String shortened(String value, int maxChars) {
        if (value.codePointCount(0, value.length()) <= maxChars) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, maxChars - 1)) + "…";
    }

    /** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
    public static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refused(int cp) {
        return Character.getType(cp) == Character.CONTROL // NUL, C0, DEL, C1
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }
}
