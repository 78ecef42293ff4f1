package org.ibal.functions.domain.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Page;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.classes.Membership;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.ClassStore;
import org.ibal.functions.domain.port.Disconnector;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.UsageStore;
import org.ibal.functions.domain.port.UserStore;

/** A learner's own data: all of it exported as JSON, or all of it deleted (docs/privacy.md). Only their own. */
public final class PersonalData {
    private static final int PAGE = 100;

    private final UserStore users;
    private final AccountStore accounts;
    private final ClassStore classes;
    private final SessionStore sessions;
    private final UsageStore usage;
    private final Disconnector disconnector;

    public PersonalData(
            UserStore users,
            AccountStore accounts,
            ClassStore classes,
            SessionStore sessions,
            UsageStore usage,
            Disconnector disconnector) {
        this.users = users;
        this.accounts = accounts;
        this.classes = classes;
        this.sessions = sessions;
        this.usage = usage;
        this.disconnector = disconnector;
    }

    public DataExport export(Principal caller) {
        Optional<User> user =
                Principal.LOCAL.equals(caller.provider()) ? users.findById(caller.userId()) : Optional.empty();
        List<DataExport.SessionData> all = new ArrayList<>();
        for (ChatSession session : allSessions(caller.userId())) {
            List<ChatMessage> messages = new ArrayList<>();
            String cursor = null;
            do {
                Page<ChatMessage> page = sessions.listMessages(session.id(), PAGE, cursor);
                messages.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            all.add(new DataExport.SessionData(session, messages.reversed()));
        }
        return new DataExport(
                caller, user.orElse(null), accounts.find(caller.userId()), classes.membershipsOf(caller.userId()), all);
    }

    /**
     * Deletes the account and its history: every session with its messages, the memberships, the console state, the
     * sign-in data (the username is free again); open connections close. The classes' usage rows stay (they are the
     * classes' cost), with the name replaced, so they no longer say who it was.
     */
    public void deleteAccount(Principal caller) {
        String userId = caller.userId();
        for (Membership membership : classes.membershipsOf(userId)) {
            usage.anonymise(membership.classId(), userId);
        }
        classes.removeMemberships(userId);
        for (ChatSession session : allSessions(userId)) {
            sessions.delete(session.id());
        }
        accounts.delete(userId);
        if (Principal.LOCAL.equals(caller.provider())) {
            users.findById(userId).ifPresent(users::delete);
        }
        disconnector.closeAll(userId);
    }

    private List<ChatSession> allSessions(String userId) {
        List<ChatSession> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<ChatSession> page = sessions.listSessions(userId, PAGE, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
