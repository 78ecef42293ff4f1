package org.ibal.functions.domain.port;

import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.UnauthorizedException;

/** IBAL access tokens, and the one-time WebSocket tickets signed with the same key. */
public interface TokenService {
    AccessToken issue(Principal principal);

    /** @throws UnauthorizedException for any token that is not a valid, current IBAL access token (a ticket is not) */
    Principal verify(String token);

    /**
     * A ticket for one {@code $connect}: signed, so a forged or garbled one is refused without a store call. Its one
     * use is enforced by the caller (a conditional write on {@link VerifiedTicket#id()}).
     */
    IssuedTicket issueTicket(Principal principal, Duration ttl);

    /**
     * @throws UnauthorizedException for anything but a ticket this service issued that has not expired (no clock
     *                               skew allowed: a ticket lives seconds); an access token is not a ticket
     */
    VerifiedTicket verifyTicket(String ticket);

    record AccessToken(String token, long expiresInSeconds) {}

    record IssuedTicket(String ticket, Instant expiresAt) {}

    /** @param id unique per ticket: the key its one use is recorded under */
    record VerifiedTicket(Principal principal, String id, Instant expiresAt) {}
}
