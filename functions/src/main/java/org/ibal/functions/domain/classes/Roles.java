package org.ibal.functions.domain.classes;

import java.util.List;
import java.util.Set;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.ForbiddenException;
import org.ibal.functions.domain.error.NotFoundException;
import org.ibal.functions.domain.port.AccountStore;

/**
 * Every role rule of the console in one place. The role is computed from the deployment's {@code ADMIN_USERNAMES}
 * and the store on every request (never trusted from a client, never "the first user"): taking a name off the list
 * takes its rights away at once.
 */
public final class Roles {
    private final Set<String> adminUsernames;
    private final boolean teachersSelfServe;
    private final AccountStore accounts;

    /**
     * @param adminUsernames    local usernames that are admins ({@code ADMIN_USERNAMES})
     * @param teachersSelfServe whether any signed-in user may create a class ({@code TEACHERS_SELF_SERVE})
     */
    public Roles(Set<String> adminUsernames, boolean teachersSelfServe, AccountStore accounts) {
        this.adminUsernames = Set.copyOf(adminUsernames);
        this.teachersSelfServe = teachersSelfServe;
        this.accounts = accounts;
    }

    /** Only local accounts can be admins: an Open edX or LMS username is another namespace. */
    public boolean isAdmin(Principal caller) {
        return Principal.LOCAL.equals(caller.provider()) && adminUsernames.contains(caller.username());
    }

    /** admin if listed; teacher if promoted or teaching a class; else learner. */
    public Role roleOf(Principal caller, List<Membership> memberships) {
        if (isAdmin(caller)) {
            return Role.ADMIN;
        }
        if (memberships.stream().anyMatch(m -> m.myRole() == Role.TEACHER)
                || accounts.find(caller.userId()).promotedRole() == Role.TEACHER) {
            return Role.TEACHER;
        }
        return Role.LEARNER;
    }

    /** Admins and teachers may create classes; learners only when the deployment lets anyone. */
    public void requireMayCreateClass(Principal caller, List<Membership> memberships) {
        if (!teachersSelfServe && roleOf(caller, memberships) == Role.LEARNER) {
            throw new ForbiddenException("only teachers and admins create classes; ask an admin to promote you");
        }
    }

    public void requireAdmin(Principal caller) {
        if (!isAdmin(caller)) {
            throw new ForbiddenException("only an admin may do this");
        }
    }

    /**
     * Admins steer every class; a teacher only a class they teach. A learner of the class is refused (403); anyone
     * else learns nothing about it (404, as for a class that does not exist).
     */
    public void requireTeaches(Principal caller, SchoolClass schoolClass, java.util.Optional<Membership> membership) {
        if (isAdmin(caller)) {
            return;
        }
        if (membership.isEmpty()) {
            throw new NotFoundException("no such class");
        }
        if (membership.get().myRole() != Role.TEACHER) {
            throw new ForbiddenException("only the class's teachers see and steer it");
        }
    }
}
