package org.ibal.functions.domain.classes;

import java.util.Locale;

/** What a caller may do in the console; on the wire in lower case. */
public enum Role {
    /** The operator: named in {@code ADMIN_USERNAMES}; sees and steers every class. */
    ADMIN,
    /** Owns or teaches classes: sees and steers those. */
    TEACHER,
    /** Chats in the classes they joined; sees only their own data. */
    LEARNER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null for anything but the wire name of a role */
    public static Role parse(String value) {
        if (value == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return role;
            }
        }
        return null;
    }
}
