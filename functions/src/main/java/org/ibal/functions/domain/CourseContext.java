package org.ibal.functions.domain;

import java.util.List;

/** The Open edX course a token was minted for; every field may be null. */
public record CourseContext(String courseId, String blockId, String chatflowId, List<String> roles) {
    public CourseContext {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
