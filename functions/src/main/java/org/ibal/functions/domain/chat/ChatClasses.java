package org.ibal.functions.domain.chat;

import java.util.Optional;
import org.ibal.functions.domain.Principal;

/**
 * What the console decides about a chat: which class it belongs to
 * ({@link org.ibal.functions.domain.classes.ClassService#classForChat}) and whether its account is suspended.
 */
public interface ChatClasses {
    /** @throws org.ibal.functions.domain.error.NotFoundException when {@code requested} is not one of the caller's */
    Optional<String> classFor(Principal caller, String requested);

    boolean suspended(String userId);
}
