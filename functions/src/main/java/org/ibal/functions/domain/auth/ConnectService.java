package org.ibal.functions.domain.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.AccountSuspendedException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.ReplayGuard;
import org.ibal.functions.domain.port.TokenService;
import org.ibal.functions.domain.port.TokenService.VerifiedTicket;

/**
 * The WebSocket handshake ($connect) and its end ($disconnect). Credentials are checked before any limit, and the
 * per-address limit counts only failed handshakes: behind a school's NAT or a proxy, one client sending garbage
 * cannot use up what the other learners' valid handshakes need.
 */
public final class ConnectService {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final TokenService tokens;
    private final ReplayGuard usedTickets;
    private final ConnectionStore connections;
    private final RateLimiter rateLimiter;
    private final AccountStore accounts;
    private final AuthLimits limits;
    private final Clock clock;

    /**
     * @param usedTickets remembers spent ticket ids, so each ticket opens one connection
     * @param accounts    whose suspension refuses the handshake (an access token outlives it by up to 15 minutes)
     */
    public ConnectService(
            TokenService tokens,
            ReplayGuard usedTickets,
            ConnectionStore connections,
            RateLimiter rateLimiter,
            AccountStore accounts,
            AuthLimits limits,
            Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.usedTickets = usedTickets;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Authenticates by access token or one-time ticket, throttles per user, stores the connection. A refused
     * handshake counts against its address.
     *
     * @throws UnauthorizedException for a missing, bad or expired token, or a forged, used or expired ticket
     * @throws RateLimitedException  when the user connects too often, or the address failed too often (then even
     *                               its bad credentials are answered 429)
     * @throws AccountSuspendedException when a teacher or admin suspended the account
     */
    public Connection connect(String connectionId, String token, String ticket, String sourceIp) {
        Instant now = clock.instant();
        Principal principal;
        try {
            principal = authenticate(token, ticket);
        } catch (UnauthorizedException refused) {
            // Sliding: an attacker timing a burst across a minute boundary still gets the limit, not twice it.
            if (sourceIp != null
                    && !rateLimiter.tryAcquireSliding(
                            "conn-fail#" + sourceIp, limits.connectFailuresPerIpPerMinute(), MINUTE, now)) {
                throw new RateLimitedException("too many failed connection attempts from this address; wait a minute");
            }
            throw refused;
        }
        if (!rateLimiter.tryAcquire(
                "conn-user#" + principal.userId(), limits.connectsPerUserPerMinute(), MINUTE, now)) {
            throw new RateLimitedException("too many connections for this user; wait a minute");
        }
        if (accounts.find(principal.userId()).suspended()) {
            throw new AccountSuspendedException();
        }
        Connection connection = new Connection(connectionId, principal, now, null);
        connections.save(connection);
        return connection;
    }

    public void disconnect(String connectionId) {
        connections.delete(connectionId);
    }

    private Principal authenticate(String token, String ticket) {
        if (ticket != null && !ticket.isBlank()) {
            // The signature check comes first: a forged ticket costs no store call.
            VerifiedTicket verified = tokens.verifyTicket(ticket);
            if (!usedTickets.firstUse(verified.id(), verified.expiresAt())) {
                throw UnauthorizedException.badToken("ticket used before");
            }
            return verified.principal();
        }
        if (token == null || token.isBlank()) {
            throw UnauthorizedException.badToken("no token or ticket in the query string");
        }
        return tokens.verify(token);
    }
}
