package org.ibal.functions.domain.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.classes.ClassInvite;
import org.ibal.functions.domain.classes.Membership;
import org.ibal.functions.domain.classes.SchoolClass;

/** Classes, their members and invites (functions/README.md, "Access patterns"). */
public interface ClassStore {
    /** Stores the class and its owner as its teacher, in one write. */
    void create(SchoolClass schoolClass, Membership owner);

    Optional<SchoolClass> find(String classId);

    /** Several classes in one read; unknown ids are left out. */
    List<SchoolClass> findAll(List<String> classIds);

    /** Every class, newest first (admins). */
    List<SchoolClass> listAll();

    /** Replaces the class's name, limits and archive state. */
    void update(SchoolClass schoolClass);

    /**
     * Archives the class and marks every item of it (and its members' links to it) for deletion by TTL at
     * {@code deleteAfter}.
     */
    void archive(String classId, Instant deleteAfter);

    /** The classes a user belongs to (as teacher or learner). */
    List<Membership> membershipsOf(String userId);

    List<Membership> members(String classId);

    Optional<Membership> member(String classId, String userId);

    /** @return false when the user is a member already (nothing is written) */
    boolean addMember(Membership membership);

    void setQuotaOverride(String classId, String userId, Integer dailyQuotaOverride);

    /** Removes the user's memberships of every class (account deletion). */
    void removeMemberships(String userId);

    void saveInvite(ClassInvite invite);

    Optional<ClassInvite> findInvite(String code);

    List<ClassInvite> invites(String classId);

    void revokeInvite(String code);

    /**
     * Spends one seat of the invite, on condition that it is usable at {@code now} (not revoked, not expired, a seat
     * left) — concurrent redeemers never overshoot.
     *
     * @return the invite as it was before, or empty when it is unknown or not usable (nothing spent)
     */
    Optional<ClassInvite> spendSeat(String code, Instant now);

    /** Gives back a seat {@link #spendSeat} took (the account it was for was not made). */
    void returnSeat(String code);
}
