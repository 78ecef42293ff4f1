package org.ibal.functions.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/** Identifiers and secrets. Message ids sort by creation time, so a key on them lists a session in order. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REPLY_SUFFIX = "-r";
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    public static String user() {
        return "u_" + random(20);
    }

    public static String session() {
        return "s_" + random(20);
    }

    /** {@code m_} + 12 hex digits of epoch millis + random: lexical order is creation order. */
    public static String message(Instant createdAt) {
        return "m_" + String.format("%012x", createdAt.toEpochMilli()) + random(10);
    }

    /**
     * The id of the reply to question {@code questionId}: derived, not drawn, so every attempt at one reply (a
     * resend after a reconnect, a repeated job) stores and streams under one id. It sorts right after its question.
     */
    public static String reply(String questionId) {
        return questionId + REPLY_SUFFIX;
    }

    /** The question a reply id ({@link #reply}) answers. */
    public static String question(String replyId) {
        if (!replyId.endsWith(REPLY_SUFFIX)) {
            throw new IllegalArgumentException("not a reply id: " + replyId);
        }
        return replyId.substring(0, replyId.length() - REPLY_SUFFIX.length());
    }

    /** Identifies one attempt at streaming a reply. */
    public static String attempt() {
        return random(16);
    }

    /** Classes made in the console; Open edX courses' classes are derived from the course key instead. */
    public static String schoolClass() {
        return "k_" + random(20);
    }

    /** An invite code: 16 characters of a-z0-9 (about 82 bits), short enough to type off a board. */
    public static String inviteCode() {
        return random(16);
    }

    public static String family() {
        return "f_" + random(20);
    }

    /** 256 random bits, URL-safe: refresh tokens and tickets. */
    public static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String jti() {
        return random(22);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
