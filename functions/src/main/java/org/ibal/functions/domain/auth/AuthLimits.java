package org.ibal.functions.domain.auth;

import java.time.Duration;

/**
 * Credential lifetimes and throttles, from configuration.
 *
 * @param connectsPerUserPerMinute      {@code CONNECT_RATE_PER_MINUTE}: handshakes one user may make
 * @param connectFailuresPerIpPerMinute {@code CONNECT_FAILURES_PER_IP_PER_MINUTE}: failed handshakes one address may
 *                                      make before its further failures are answered 429
 * @param registrationsPerIpPerHour     {@code REGISTRATIONS_PER_IP_PER_HOUR}: register attempts, any outcome
 * @param loginFailuresPerAccountAndIp  {@code LOGIN_FAILURES_PER_ACCOUNT_AND_IP}, per 15 minutes
 * @param loginFailuresPerIp            {@code LOGIN_FAILURES_PER_IP}, per 15 minutes, across usernames
 */
public record AuthLimits(
        Duration refreshTokenTtl,
        Duration ticketTtl,
        int connectsPerUserPerMinute,
        int connectFailuresPerIpPerMinute,
        int registrationsPerIpPerHour,
        int loginFailuresPerAccountAndIp,
        int loginFailuresPerIp) {
    /** The window of both login-failure limits. */
    public static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);
}
