package org.ibal.functions.adapter.dynamo;

import java.time.Instant;
import java.util.Optional;
import org.ibal.functions.domain.classes.Membership;
import org.ibal.functions.domain.classes.Role;
import org.ibal.functions.domain.port.ClassStore;
import org.ibal.functions.domain.port.Invites;

/**
 * Registration under {@code REGISTRATION_POLICY=invite}: a class's invite code (issued in the console) spends a seat
 * and the new account joins that class. Codes of archived classes admit nobody.
 */
public final class DynamoInvites implements Invites {
    private final ClassStore classes;

    public DynamoInvites(ClassStore classes) {
        this.classes = classes;
    }

    @Override
    public Optional<Invite> redeem(String code, String username, Instant now) {
        boolean classActive = classes.findInvite(code)
                .flatMap(invite -> classes.find(invite.classId()))
                .filter(c -> !c.archived())
                .isPresent();
        if (!classActive) {
            return Optional.empty();
        }
        return classes.spendSeat(code, now).map(spent -> new Invite(spent.code(), spent.classId()));
    }

    @Override
    public void enrol(Invite invite, String userId, String username, Instant now) {
        if (invite.classId() != null) {
            classes.addMember(new Membership(invite.classId(), userId, username, Role.LEARNER, null, now));
        }
    }

    @Override
    public void giveBack(Invite invite) {
        classes.returnSeat(invite.code());
    }
}
