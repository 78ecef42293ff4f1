package org.ibal.functions.domain.classes;

import java.util.List;

/** {@code GET /api/me}: who the caller is to the console. */
public record MeView(String userId, String username, Role role, boolean suspended, List<ClassRef> classes) {
    public record ClassRef(String classId, String name, Role myRole) {}
}
