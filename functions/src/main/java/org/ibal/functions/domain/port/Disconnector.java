package org.ibal.functions.domain.port;

/** Closes every open WebSocket connection of a user (suspension, revoked sessions). */
@FunctionalInterface
public interface Disconnector {
    /** @return how many connections were closed */
    int closeAll(String userId);
}
