package org.ibal.functions.domain.classes;

import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.AccountStore.UserPage;

/** The admin's list of accounts and promotions to teacher (admins only). */
public final class AdminUsers {
    private static final int PAGE = 50;

    private final Roles roles;
    private final AccountStore accounts;
    private final org.ibal.functions.domain.port.ClassStore classes;

    public AdminUsers(Roles roles, AccountStore accounts, org.ibal.functions.domain.port.ClassStore classes) {
        this.roles = roles;
        this.accounts = accounts;
        this.classes = classes;
    }

    /** One page of local accounts with each one's role and suspension. */
    public Listing list(Principal caller, String cursor) {
        roles.requireAdmin(caller);
        UserPage page = accounts.listUsers(PAGE, cursor);
        return new Listing(
                page.users().stream()
                        .map(u -> {
                            Principal user = new Principal(u.userId(), u.username(), null, Principal.LOCAL, null);
                            return new Row(
                                    u.userId(),
                                    u.username(),
                                    roles.roleOf(user, classes.membershipsOf(u.userId())),
                                    accounts.find(u.userId()).suspended(),
                                    u.createdAt());
                        })
                        .toList(),
                page.next());
    }

    public record Row(String userId, String username, Role role, boolean suspended, java.time.Instant createdAt) {}

    public record Listing(java.util.List<Row> users, String next) {}

    /** @param role teacher or learner (admins come from {@code ADMIN_USERNAMES} only) */
    public void setRole(Principal caller, String userId, Role role) {
        roles.requireAdmin(caller);
        if (role != Role.TEACHER && role != Role.LEARNER) {
            throw new InvalidInputException("role must be teacher or learner; admins are named in ADMIN_USERNAMES");
        }
        accounts.setPromotedRole(userId, role == Role.TEACHER ? Role.TEACHER : null);
    }
}
