package org.ibal.functions.domain.port;

import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.UnauthorizedException;

/** IBAL access tokens. */
public interface TokenService {
    AccessToken issue(Principal principal);

    /** @throws UnauthorizedException for any token that is not a valid, current IBAL access token */
    Principal verify(String token);

    record AccessToken(String token, long expiresInSeconds) {
    }
}
