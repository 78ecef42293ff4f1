package org.ibal.functions.domain.classes;

import java.time.Instant;

/** A code that admits up to {@code seats} learners into a class until it expires or is revoked. */
public record ClassInvite(
        String code, String classId, int seats, int used, Instant expiresAt, boolean revoked, Instant createdAt) {
    public boolean usableAt(Instant now) {
        return !revoked && used < seats && now.isBefore(expiresAt);
    }
}
