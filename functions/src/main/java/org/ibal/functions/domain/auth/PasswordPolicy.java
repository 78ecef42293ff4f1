package org.ibal.functions.domain.auth;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Predicate;
import org.ibal.functions.domain.DisplayText;
import org.ibal.functions.domain.error.InvalidInputException;

/**
 * Passwords as NIST SP 800-63B (section 5.1.1.2) asks: any printable Unicode, spaces included, compared after NFKC
 * normalisation (so the same password typed on two keyboards is one password); at least {@code PASSWORD_MIN_LENGTH}
 * (8) and at most 128 code points; no composition rules, but refused when it is a commonly used password (a
 * blocklist), one character repeated, or contains the username. Control characters and unpaired surrogates are
 * refused rather than silently replaced: UTF-8 would turn every lone surrogate into "?", so different passwords
 * would open one account.
 */
public final class PasswordPolicy {
    public static final int NIST_MIN_LENGTH = 8;
    /** Longest minimum an operator may ask for: NIST's suggested maximum length is at least 64. */
    public static final int MAX_MIN_LENGTH = 64;

    public static final int MAX_LENGTH = 128;

    private final int minLength;
    private final Predicate<String> common;

    /** @param common whether a (lower-cased, normalised) password is on the blocklist of common ones */
    public PasswordPolicy(int minLength, Predicate<String> common) {
        this.minLength = minLength;
        this.common = common;
    }

    public int minLength() {
        return minLength;
    }

    /**
     * The password as stored and compared: NFKC-normalised. Login uses this too, so a password set on one device
     * matches when typed on another.
     *
     * @throws InvalidInputException for an unpaired surrogate or a control character (not a password anyone typed)
     */
    public static String normalised(String password) {
        if (DisplayText.hasUnpairedSurrogate(password)) {
            throw new InvalidInputException("password is not valid Unicode text (an unpaired surrogate)");
        }
        if (password.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
            throw new InvalidInputException("password must not contain control characters");
        }
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /**
     * A new password checked against the policy.
     *
     * @param username the account's (folded) username
     * @return the normalised password, to hash
     * @throws InvalidInputException whose message says which rule it breaks
     */
    public String checked(String password, String username) {
        String normalised = normalised(password);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < minLength || length > MAX_LENGTH) {
            throw new InvalidInputException("password must be " + minLength + " to " + MAX_LENGTH + " characters");
        }
        if (normalised.codePoints().distinct().count() == 1) {
            throw new InvalidInputException("password must not be one character repeated");
        }
        String folded = normalised.toLowerCase(Locale.ROOT);
        if (username != null && !username.isEmpty() && folded.contains(username.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("password must not contain the username");
        }
        if (common.test(folded)) {
            throw new InvalidInputException("password is one of the most common passwords; choose one that is"
                    + " harder to guess (a few unrelated words work well)");
        }
        return normalised;
    }
}
