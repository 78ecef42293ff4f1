package org.ibal.functions.domain.chat;

import java.util.Optional;
import org.ibal.functions.domain.Principal;

/** Which class a chat belongs to ({@link org.ibal.functions.domain.classes.ClassService#classForChat}). */
@FunctionalInterface
public interface ChatClasses {
    ChatClasses NONE = (caller, requested) -> Optional.empty();

    /** @throws org.ibal.functions.domain.error.NotFoundException when {@code requested} is not one of the caller's */
    Optional<String> classFor(Principal caller, String requested);
}
