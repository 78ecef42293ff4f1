package org.ibal.functions.domain.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.ibal.functions.domain.DisplayText;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.classes.Account;
import org.ibal.functions.domain.error.AccountSuspendedException;
import org.ibal.functions.domain.error.ConflictException;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.InvalidInviteException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.RegistrationClosedException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.CredentialStore;
import org.ibal.functions.domain.port.CredentialStore.RefreshToken;
import org.ibal.functions.domain.port.Invites;
import org.ibal.functions.domain.port.PasswordHasher;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.RateLimiter.Limit;
import org.ibal.functions.domain.port.TokenService;
import org.ibal.functions.domain.port.UserStore;

/**
 * Local accounts: register, login, rotating refresh tokens, logout, WebSocket tickets. Sign-ups are bounded per
 * client address; failed logins are limited per (account, address) and per address, never per account alone, so
 * nobody can lock a learner out by typing wrong passwords for them from elsewhere.
 */
public final class AuthService {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
    private static final String BAD_LOGIN = "wrong username or password";
    private static final int DISPLAY_NAME_CHARS = 100;
    private static final Duration HOUR = Duration.ofHours(1);
    /** Where the client address is unknown (never on API Gateway): such requests share one counter. */
    private static final String UNKNOWN_ADDRESS = "unknown";

    private final UserStore users;
    private final CredentialStore credentials;
    private final TokenService tokens;
    private final PasswordHasher passwords;
    private final AccountRules rules;
    private final RateLimiter rateLimiter;
    private final AuthLimits limits;
    private final Clock clock;
    private final ExternalTokenIssuer externalSignIns;
    private final AccountStore accounts;
    private volatile String dummyHash;

    public AuthService(
            UserStore users,
            CredentialStore credentials,
            TokenService tokens,
            PasswordHasher passwords,
            AccountRules rules,
            RateLimiter rateLimiter,
            AuthLimits limits,
            Clock clock,
            ExternalTokenIssuer externalSignIns,
            AccountStore accounts) {
        this.users = users;
        this.credentials = credentials;
        this.tokens = tokens;
        this.passwords = passwords;
        this.rules = rules;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.clock = clock;
        this.externalSignIns = externalSignIns;
        this.accounts = accounts;
    }

    /**
     * Creates a local account. Every attempt from an address counts against {@code REGISTRATIONS_PER_IP_PER_HOUR}
     * (in any hour: a sliding window, so a burst timed across an hour boundary does not get the limit twice)
     * before the request is read, so malformed attempts and taken usernames (409, a deliberate trade-off: people must
     * be able to pick another name, and this limit bounds how many names one address can probe) count too.
     *
     * @param form read once the attempt is counted; may throw {@link InvalidInputException} for a malformed body
     * @throws RegistrationClosedException when the policy is closed (nothing is counted)
     * @throws RateLimitedException        over the per-address attempt limit
     * @throws InvalidInputException       for a bad username, display name or password (the message says which rule)
     * @throws InvalidInviteException      when the policy is invite and the code is not valid
     * @throws ConflictException           when the username is taken
     */
    public Tokens register(String sourceIp, Supplier<Registration> form) {
        if (rules.registration() == RegistrationPolicy.CLOSED) {
            throw new RegistrationClosedException();
        }
        Instant now = clock.instant();
        if (!rateLimiter.tryAcquireSliding(
                "register#" + address(sourceIp), limits.registrationsPerIpPerHour(), HOUR, now)) {
            throw new RateLimitedException("too many sign-up attempts from this address; try again within the hour");
        }
        Registration registration = form.get();
        String name = foldUsername(registration.username());
        String shownName = registration.displayName() == null
                ? ""
                : DisplayText.checked(registration.displayName(), "displayName", DISPLAY_NAME_CHARS);
        if (registration.password() == null) {
            throw new InvalidInputException("password is required");
        }
        String password = rules.passwords().checked(registration.password(), name);
        Optional<Invites.Invite> invite = rules.registration() == RegistrationPolicy.INVITE
                ? Optional.of(redeemInvite(registration.inviteCode(), name, now))
                : Optional.empty();
        User user = new User(Ids.user(), name, shownName.isEmpty() ? name : shownName, passwords.hash(password), now);
        if (!users.create(user)) {
            invite.ifPresent(rules.invites()::giveBack);
            throw taken(name);
        }
        invite.ifPresent(i -> rules.invites().enrol(i, user.id(), user.username(), now));
        return issue(user, Ids.family());
    }

    /** Spends the invite; a taken username is reported first, so picking another name does not cost a use. */
    private Invites.Invite redeemInvite(String code, String name, Instant now) {
        if (code == null || code.isBlank()) {
            throw new InvalidInputException("inviteCode is required: this server admits invited learners only");
        }
        if (users.findByUsername(name).isPresent()) {
            throw taken(name);
        }
        return rules.invites().redeem(code.strip(), name, now).orElseThrow(InvalidInviteException::new);
    }

    private static ConflictException taken(String name) {
        return new ConflictException("username " + name + " is taken; choose another");
    }

    /**
     * Checks a password. Each attempt is counted as a failure first — under the (username, address) pair and under
     * the address — and taken back when it succeeds, so the limits hold exactly even for concurrent guesses. Both
     * limits slide: failures in any 15 minutes count, not per fixed quarter hour.
     *
     * @throws InvalidInputException  for missing fields, or a password no one could have set (an unpaired surrogate,
     *                                a control character)
     * @throws RateLimitedException   when that pair, or that address, failed too often in the last window
     * @throws UnauthorizedException  for a wrong username or password (one message for both)
     */
    public Tokens login(String username, String password, String sourceIp) {
        if (username == null || password == null) {
            throw new InvalidInputException("username and password are required");
        }
        String normalised = PasswordPolicy.normalised(password);
        String name = username.strip().toLowerCase(Locale.ROOT);
        boolean couldExist = USERNAME.matcher(name).matches();
        String address = address(sourceIp);
        Limit perAddress = new Limit("login-ip#" + address, limits.loginFailuresPerIp(), AuthLimits.LOGIN_WINDOW);
        Limit perAccount = new Limit(
                "login#" + name + "#" + address, limits.loginFailuresPerAccountAndIp(), AuthLimits.LOGIN_WINDOW);
        // A name no account can have still counts against its address (spraying), under no account key.
        List<Limit> failures = couldExist ? List.of(perAccount, perAddress) : List.of(perAddress);
        Instant now = clock.instant();
        Optional<Limit> reached = rateLimiter.tryAcquireAllSliding(failures, now);
        if (reached.isPresent()) {
            throw new RateLimitedException(
                    reached.get() == perAccount
                            ? "too many failed sign-ins for this account from this address; wait 15 minutes"
                            : "too many failed sign-ins from this address; wait 15 minutes");
        }
        Optional<User> user = couldExist ? users.findByUsername(name) : Optional.empty();
        String hash = user.map(User::passwordHash).orElseGet(this::dummyHash);
        // Accounts made before passwords were normalised stored the text as typed.
        boolean ok = passwords.matches(normalised, hash)
                || (!normalised.equals(password) && passwords.matches(password, hash));
        if (user.isEmpty() || !ok) {
            throw new UnauthorizedException(BAD_LOGIN, "bad login");
        }
        rateLimiter.release(failures, now);
        if (accounts.find(user.get().id()).suspended()) {
            throw new AccountSuspendedException();
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
        RefreshToken stored = credentials
                .findRefreshToken(hash)
                .filter(t -> t.expiresAt().isAfter(now))
                .orElseThrow(() -> UnauthorizedException.badToken("unknown or expired refresh token"));
        if (credentials.isFamilyRevoked(stored.familyId())) {
            throw UnauthorizedException.badToken("refresh token family revoked");
        }
        Account account = accounts.find(stored.userId());
        if (account.suspended()) {
            throw new AccountSuspendedException();
        }
        // Issued when its expiry minus its lifetime says; a teacher's "revoke all sessions" refuses older tokens.
        Instant issuedAt = stored.expiresAt().minus(limits.refreshTokenTtl());
        if (account.revokedBefore() != null && !issuedAt.isAfter(account.revokedBefore())) {
            throw UnauthorizedException.badToken("refresh token revoked with all of the account's sessions");
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
        credentials
                .findRefreshToken(Secrets.sha256(refreshToken))
                .ifPresent(t -> credentials.revokeFamily(
                        t.familyId(), clock.instant(), clock.instant().plus(limits.refreshTokenTtl())));
    }

    /** @throws AccountSuspendedException for a suspended account (its access token may not have expired yet) */
    public Ticket issueTicket(Principal principal) {
        if (accounts.find(principal.userId()).suspended()) {
            throw new AccountSuspendedException();
        }
        return new Ticket(
                tokens.issueTicket(principal, limits.ticketTtl()).ticket(),
                limits.ticketTtl().toSeconds());
    }

    /**
     * Sets a new password with a one-time reset link's token ({@link org.ibal.functions.domain.classes.LearnerControls
     * #passwordReset}); every earlier session of the account is revoked with it.
     *
     * @throws UnauthorizedException for an unknown, used or expired token
     * @throws InvalidInputException for a password the policy refuses
     */
    public void resetPassword(String token, String newPassword) {
        if (token == null || token.isBlank() || newPassword == null) {
            throw new InvalidInputException("token and password are required");
        }
        Instant now = clock.instant();
        User user = users.findById(Optional.ofNullable(accounts.consumeResetToken(Secrets.sha256(token.strip()), now))
                        .orElseThrow(() -> UnauthorizedException.badToken("unknown, used or expired reset link")))
                .orElseThrow(() -> UnauthorizedException.badToken("reset link of a deleted account"));
        String password = rules.passwords().checked(newPassword, user.username());
        users.updatePasswordHash(user, passwords.hash(password));
        accounts.revokeSessionsBefore(user.id(), now);
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
        credentials.saveRefreshToken(new RefreshToken(
                Secrets.sha256(refresh), user.id(), familyId, clock.instant().plus(limits.refreshTokenTtl())));
        TokenService.AccessToken access = tokens.issue(user.principal());
        return new Tokens(access.token(), refresh, access.expiresInSeconds(), user);
    }

    private static String address(String sourceIp) {
        return sourceIp == null || sourceIp.isBlank() ? UNKNOWN_ADDRESS : sourceIp;
    }

    private static String foldUsername(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidInputException("username must be 3 to 32 characters of a-z, 0-9, _ . -");
        }
        return name;
    }
}
