package org.ibal.functions.domain;

import java.time.Instant;

/** A local account; {@code passwordHash} never leaves the backend. */
public record User(String id, String username, String displayName, String passwordHash, Instant createdAt) {
    public Principal principal() {
        return new Principal(id, username, displayName, Principal.LOCAL, null);
    }
}
