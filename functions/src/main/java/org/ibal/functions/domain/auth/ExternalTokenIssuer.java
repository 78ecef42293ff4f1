package org.ibal.functions.domain.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.ibal.functions.domain.DisplayText;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.port.CredentialStore;
import org.ibal.functions.domain.port.CredentialStore.RefreshToken;
import org.ibal.functions.domain.port.FamilyPrincipalStore;
import org.ibal.functions.domain.port.TokenService;

/**
 * Tokens for people who signed in elsewhere (Open edX, the LMS assertion): the same access tokens and rotating
 * refresh-token families as local accounts, with the principal kept per family since there is no {@code User}.
 */
public final class ExternalTokenIssuer {
    private final CredentialStore credentials;
    private final FamilyPrincipalStore principals;
    private final TokenService tokens;
    private final AuthLimits limits;
    private final Clock clock;

    public ExternalTokenIssuer(
            CredentialStore credentials,
            FamilyPrincipalStore principals,
            TokenService tokens,
            AuthLimits limits,
            Clock clock) {
        this.credentials = credentials;
        this.principals = principals;
        this.tokens = tokens;
        this.limits = limits;
        this.clock = clock;
    }

    /** A stable user id for a subject of an outside issuer: the same learner always gets the same id. */
    public static String userId(String prefix, String issuer, String subject) {
        return prefix + Secrets.sha256(issuer + "\n" + subject).substring(0, 32);
    }

    /**
     * Opens a new refresh-token family for the principal. Its display name comes from another system, which may
     * allow what IBAL refuses in names it is typed (controls, bidi overrides): those are dropped.
     */
    public Tokens issue(Principal principal) {
        String shownName = principal.displayName() == null ? null : DisplayText.cleaned(principal.displayName());
        return issue(
                new Principal(
                        principal.userId(), principal.username(), shownName, principal.provider(), principal.course()),
                Ids.family());
    }

    /**
     * Re-mints tokens in the rotated token's family, if that family belongs to an outside sign-in. The caller has
     * already checked expiry, revocation and reuse, and marked the old token rotated.
     *
     * @return empty when the family is a local account's
     */
    public Optional<Tokens> reissue(RefreshToken rotated) {
        return principals.find(rotated.familyId()).map(principal -> issue(principal, rotated.familyId()));
    }

    private Tokens issue(Principal principal, String familyId) {
        Instant expiresAt = clock.instant().plus(limits.refreshTokenTtl());
        String refresh = Ids.secret();
        principals.save(familyId, principal, expiresAt);
        credentials.saveRefreshToken(
                new RefreshToken(Secrets.sha256(refresh), principal.userId(), familyId, expiresAt));
        TokenService.AccessToken access = tokens.issue(principal);
        User shown = new User(principal.userId(), principal.username(), principal.displayName(), null, null);
        return new Tokens(access.token(), refresh, access.expiresInSeconds(), shown);
    }
}
