package org.ibal.functions.domain.session;

import java.time.Clock;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.ChatSession;
import org.ibal.functions.domain.DisplayText;
import org.ibal.functions.domain.Page;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.port.SessionStore;

/** The HTTP API's view of a user's sessions. Someone else's session is reported exactly like a missing one. */
public final class SessionQueries {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final int TITLE_CHARS = 200;

    private final SessionStore sessions;
    private final Clock clock;

    public SessionQueries(SessionStore sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public Page<ChatSession> list(Principal caller, Integer limit, String cursor) {
        return sessions.listSessions(caller.userId(), checkedLimit(limit), cursor);
    }

    public Page<ChatMessage> messages(Principal caller, String sessionId, Integer limit, String cursor) {
        owned(caller, sessionId);
        return sessions.listMessages(sessionId, checkedLimit(limit), cursor);
    }

    /** @throws InvalidInputException for an empty title, one over 200 characters, or one with controls or bidi overrides */
    public ChatSession rename(Principal caller, String sessionId, String title) {
        if (title == null || title.isBlank()) {
            throw new InvalidInputException("title must be 1 to " + TITLE_CHARS + " characters");
        }
        String checked = DisplayText.checked(title, "title", TITLE_CHARS);
        owned(caller, sessionId);
        return sessions.rename(sessionId, checked, clock.instant()).orElseThrow(SessionNotFoundException::new);
    }

    public void delete(Principal caller, String sessionId) {
        owned(caller, sessionId);
        sessions.delete(sessionId);
    }

    private ChatSession owned(Principal caller, String sessionId) {
        return sessions.find(sessionId)
                .filter(s -> s.ownedBy(caller.userId()))
                .orElseThrow(SessionNotFoundException::new);
    }

    private static int checkedLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
