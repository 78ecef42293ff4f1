package org.ibal.gateway;

import java.security.SecureRandom;

/**
 * Identifiers shaped like API Gateway's ({@code L0SM9cOFvHcCIhw=}: 15 characters and an {@code =}).
 * A connection id starts with the owning instance's two-character tag, so any instance can tell where a
 * connection lives without a lookup per connection.
 */
public final class Ids {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String requestId() {
        return random(15) + "=";
    }

    public static String connectionId(String instanceTag) {
        return instanceTag + random(13) + "=";
    }

    public static String instanceTag() {
        return random(2);
    }

    /** The tag of the instance that owns {@code connectionId}, or null if it is not one of ours. */
    public static String tagOf(String connectionId) {
        return connectionId != null && connectionId.length() == 16 && connectionId.endsWith("=")
                ? connectionId.substring(0, 2)
                : null;
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
