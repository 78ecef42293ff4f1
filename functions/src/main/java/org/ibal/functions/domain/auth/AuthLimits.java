package org.ibal.functions.domain.auth;

import java.time.Duration;

/** Credential lifetimes and throttles, from configuration. */
public record AuthLimits(Duration refreshTokenTtl, Duration ticketTtl, int loginAttemptsPer15Minutes,
                         int connectsPerUserPerMinute, int connectsPerIpPerMinute) {
}
