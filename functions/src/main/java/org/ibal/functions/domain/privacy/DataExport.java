package org.ibal.functions.domain.privacy;

import java.util.List;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.User;
import org.ibal.functions.domain.classes.Account;
import org.ibal.functions.domain.classes.Membership;

/**
 * Everything IBAL keeps about one person (docs/privacy.md).
 *
 * @param user null for Open edX and LMS sign-ins, which have no local account
 */
public record DataExport(
        Principal principal, User user, Account account, List<Membership> classes, List<SessionData> sessions) {
    /** @param messages oldest first */
    public record SessionData(ChatSession session, List<ChatMessage> messages) {}
}
