package org.ibal.functions.domain.classes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.error.ForbiddenException;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.NotFoundException;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.ClassStore;
import org.ibal.functions.domain.port.Disconnector;

/**
 * What a class's teacher (or an admin) may do to one of its learners: a daily quota of their own, suspend and
 * restore, a one-time password-reset link, revoke every session. Never to a learner of another class, and a teacher
 * never to another teacher (only an admin may).
 */
public final class LearnerControls {
    /** How long a password-reset link works. */
    public static final Duration RESET_TTL = Duration.ofHours(24);

    private final ClassService classService;
    private final ClassStore classes;
    private final AccountStore accounts;
    private final Disconnector disconnector;
    private final Clock clock;

    public LearnerControls(
            ClassService classService,
            ClassStore classes,
            AccountStore accounts,
            Disconnector disconnector,
            Clock clock) {
        this.classService = classService;
        this.classes = classes;
        this.accounts = accounts;
        this.disconnector = disconnector;
        this.clock = clock;
    }

    /** @param dailyQuotaOverride null: the deployment's quota again */
    public void setQuotaOverride(Principal caller, String classId, String userId, Integer dailyQuotaOverride) {
        learnerOf(caller, classId, userId);
        if (dailyQuotaOverride != null
                && (dailyQuotaOverride < 0 || dailyQuotaOverride > ClassService.MAX_DAILY_QUOTA)) {
            throw new InvalidInputException(
                    "dailyQuotaOverride must be 0 to " + ClassService.MAX_DAILY_QUOTA + " or null");
        }
        classes.setQuotaOverride(classId, userId, dailyQuotaOverride);
    }

    /** Suspends the account (every class: it is the account that is refused) and closes its open connections. */
    public void suspend(Principal caller, String classId, String userId) {
        learnerOf(caller, classId, userId);
        accounts.setSuspended(userId, true);
        disconnector.closeAll(userId);
    }

    public void restore(Principal caller, String classId, String userId) {
        learnerOf(caller, classId, userId);
        accounts.setSuspended(userId, false);
    }

    /** A link that sets a new password once, within {@link #RESET_TTL}. */
    public ResetLink passwordReset(Principal caller, String classId, String userId) {
        learnerOf(caller, classId, userId);
        String token = Ids.secret();
        Instant expiresAt = clock.instant().plus(RESET_TTL);
        accounts.saveResetToken(Secrets.sha256(token), userId, expiresAt);
        return new ResetLink(token, expiresAt);
    }

    /** Refresh tokens issued until now stop working and open connections close. */
    public void revokeSessions(Principal caller, String classId, String userId) {
        learnerOf(caller, classId, userId);
        accounts.revokeSessionsBefore(userId, clock.instant());
        disconnector.closeAll(userId);
    }

    private Membership learnerOf(Principal caller, String classId, String userId) {
        classService.taught(caller, classId);
        Membership member = classes.member(classId, userId)
                .orElseThrow(() -> new NotFoundException("no such learner in this class"));
        if (member.myRole() != Role.LEARNER && !classService.roles().isAdmin(caller)) {
            throw new ForbiddenException("a teacher steers learners, not other teachers");
        }
        if (userId.equals(caller.userId())) {
            throw new ForbiddenException("not on your own account");
        }
        return member;
    }
}
