package org.ibal.functions.domain;

import java.time.Instant;

public record ChatSession(String id, String userId, String title, Instant createdAt, Instant updatedAt) {
    public static final String DEFAULT_TITLE = "New chat";

    public boolean ownedBy(String someUserId) {
        return userId.equals(someUserId);
    }
}
