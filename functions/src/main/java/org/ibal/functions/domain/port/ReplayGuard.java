package org.ibal.functions.domain.port;

import java.time.Instant;

/** Remembers one-time identifiers (assertion {@code jti}s) until they could no longer be accepted anyway. */
public interface ReplayGuard {
    /** @return true the first time {@code id} is seen, false on every later call before {@code keepUntil} */
    boolean firstUse(String id, Instant keepUntil);
}
