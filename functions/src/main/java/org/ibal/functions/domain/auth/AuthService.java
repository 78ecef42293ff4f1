package org.ibal.functions.domain.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.error.ConflictException;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.CredentialStore;
import org.ibal.functions.domain.port.CredentialStore.RefreshToken;
import org.ibal.functions.domain.port.PasswordHasher;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.TokenService;
import org.ibal.functions.domain.port.UserStore;

/** Local accounts: register, login, rotating refresh tokens, logout, WebSocket tickets. */
public final class AuthService {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
    private static final String BAD_LOGIN = "wrong username or password";

    private final UserStore users;
    private final CredentialStore credentials;
    private final TokenService tokens;
    private final PasswordHasher passwords;
    private final RateLimiter rateLimiter;
    private final AuthLimits limits;
    private final Clock clock;
    private final ExternalTokenIssuer externalSignIns;
    private volatile String dummyHash;

    public AuthService(UserStore users, CredentialStore credentials, TokenService tokens, PasswordHasher passwords,
                       RateLimiter rateLimiter, AuthLimits limits, Clock clock,
                       ExternalTokenIssuer externalSignIns) {
        this.users = users;
        this.credentials = credentials;
        this.tokens = tokens;
        this.passwords = passwords;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.clock = clock;
        this.externalSignIns = externalSignIns;
    }

    public Tokens register(String username, String password, String displayName) {
        String name = foldUsername(username);
        if (password == null || password.length() < 8 || password.length() > 128) {
            throw new InvalidInputException("password must be 8 to 128 characters");
        }
        String shownName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        if (shownName.length() > 100) {
            throw new InvalidInputException("displayName must be at most 100 characters");
        }
        User user = new User(Ids.user(), name, shownName, passwords.hash(password), clock.instant());
        if (!users.create(user)) {
            throw new ConflictException("username " + name + " is taken; choose another");
        }
        return issue(user, Ids.family());
    }

    public Tokens login(String username, String password) {
        if (username == null || password == null) {
            throw new InvalidInputException("username and password are required");
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        if (!rateLimiter.tryAcquire("login#" + name, limits.loginAttemptsPer15Minutes(), Duration.ofMinutes(15))) {
            throw new RateLimitedException("too many sign-in attempts; wait 15 minutes");
        }
        Optional<User> user = users.findByUsername(name);
        boolean ok = passwords.matches(password, user.map(User::passwordHash).orElseGet(this::dummyHash));
        if (user.isEmpty() || !ok) {
            throw new UnauthorizedException(BAD_LOGIN, "bad login");
        }
        return issue(user.get(), Ids.family());
    }

    /** Rotates the refresh token; a reused (already rotated) one revokes its whole family. */
    public Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new InvalidInputException("refreshToken is required");
        }
        Instant now = clock.instant();
        String hash = Secrets.sha256(refreshToken);
        RefreshToken stored = credentials.findRefreshToken(hash)
                .filter(t -> t.expiresAt().isAfter(now))
                .orElseThrow(() -> UnauthorizedException.badToken("unknown or expired refresh token"));
        if (credentials.isFamilyRevoked(stored.familyId())) {
            throw UnauthorizedException.badToken("refresh token family revoked");
        }
        if (!credentials.markRotated(hash, now)) {
            credentials.revokeFamily(stored.familyId(), now, now.plus(limits.refreshTokenTtl()));
            throw UnauthorizedException.badToken("refresh token reused; family revoked");
        }
        // Open edX and LMS sign-ins have no User row: their family remembers who they are.
        Optional<Tokens> external = externalSignIns.reissue(stored);
        if (external.isPresent()) {
            return external.get();
        }
        User user = users.findById(stored.userId())
                .orElseThrow(() -> UnauthorizedException.badToken("refresh token of a deleted user"));
        return issue(user, stored.familyId());
    }

    /** Revokes the token's family; unknown tokens are ignored (logout is idempotent). */
    public void logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new InvalidInputException("refreshToken is required");
        }
        credentials.findRefreshToken(Secrets.sha256(refreshToken)).ifPresent(t ->
                credentials.revokeFamily(t.familyId(), clock.instant(), clock.instant().plus(limits.refreshTokenTtl())));
    }

    public Ticket issueTicket(Principal principal) {
        String ticket = Ids.secret();
        credentials.saveTicket(Secrets.sha256(ticket), principal, clock.instant().plus(limits.ticketTtl()));
        return new Ticket(ticket, limits.ticketTtl().toSeconds());
    }

    /**
     * Checked against when the user does not exist, so a login costs the same either way. Made on first need
     * rather than at start, where a bcrypt round would lengthen every cold start.
     */
    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = passwords.hash("dummy-password-for-constant-time");
            dummyHash = hash;
        }
        return hash;
    }

    private Tokens issue(User user, String familyId) {
        String refresh = Ids.secret();
        credentials.saveRefreshToken(new RefreshToken(Secrets.sha256(refresh), user.id(), familyId,
                clock.instant().plus(limits.refreshTokenTtl())));
        TokenService.AccessToken access = tokens.issue(user.principal());
        return new Tokens(access.token(), refresh, access.expiresInSeconds(), user);
    }

    private static String foldUsername(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidInputException("username must be 3 to 32 characters of a-z, 0-9, _ . -");
        }
        return name;
    }
}
