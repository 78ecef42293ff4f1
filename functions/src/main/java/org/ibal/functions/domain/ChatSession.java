package org.ibal.functions.domain;

import java.time.Instant;

/** @param hasMessages false while no message was stored in it (a {@code hello} without a session reuses it) */
public record ChatSession(
        String id, String userId, String title, Instant createdAt, Instant updatedAt, boolean hasMessages) {
    public static final String DEFAULT_TITLE = "New chat";

    /** A session as created: no message yet. */
    public ChatSession(String id, String userId, String title, Instant createdAt, Instant updatedAt) {
        this(id, userId, title, createdAt, updatedAt, false);
    }

    public boolean ownedBy(String someUserId) {
        return userId.equals(someUserId);
    }
}
