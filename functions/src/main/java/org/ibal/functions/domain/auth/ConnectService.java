package org.ibal.functions.domain.auth;

import java.time.Clock;
import java.time.Duration;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.CredentialStore;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.TokenService;

/** The WebSocket handshake ($connect) and its end ($disconnect). */
public final class ConnectService {
    private final TokenService tokens;
    private final CredentialStore credentials;
    private final ConnectionStore connections;
    private final RateLimiter rateLimiter;
    private final AuthLimits limits;
    private final Clock clock;

    public ConnectService(TokenService tokens, CredentialStore credentials, ConnectionStore connections,
                          RateLimiter rateLimiter, AuthLimits limits, Clock clock) {
        this.tokens = tokens;
        this.credentials = credentials;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Authenticates by access token or one-time ticket, throttles per source IP and per user, stores the connection.
     *
     * @throws UnauthorizedException for a missing, bad or expired token, or an unknown, used or expired ticket
     * @throws RateLimitedException  when the IP or the user connects too often
     */
    public Connection connect(String connectionId, String token, String ticket, String sourceIp, String endpoint) {
        if (sourceIp != null && !rateLimiter.tryAcquire("conn-ip#" + sourceIp, limits.connectsPerIpPerMinute(),
                Duration.ofMinutes(1))) {
            throw new RateLimitedException("too many connections from this address; wait a minute");
        }
        Principal principal = authenticate(token, ticket);
        if (!rateLimiter.tryAcquire("conn-user#" + principal.userId(), limits.connectsPerUserPerMinute(),
                Duration.ofMinutes(1))) {
            throw new RateLimitedException("too many connections for this user; wait a minute");
        }
        Connection connection = new Connection(connectionId, principal, endpoint, clock.instant(), null);
        connections.save(connection);
        return connection;
    }

    public void disconnect(String connectionId) {
        connections.delete(connectionId);
    }

    private Principal authenticate(String token, String ticket) {
        if (ticket != null && !ticket.isBlank()) {
            return credentials.consumeTicket(Secrets.sha256(ticket), clock.instant())
                    .orElseThrow(() -> UnauthorizedException.badToken("unknown, used or expired ticket"));
        }
        if (token == null || token.isBlank()) {
            throw UnauthorizedException.badToken("no token or ticket in the query string");
        }
        return tokens.verify(token);
    }
}
