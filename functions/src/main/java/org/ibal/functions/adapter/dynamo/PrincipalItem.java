package org.ibal.functions.adapter.dynamo;

import java.util.Map;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Principal;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A principal flattened into item attributes (connections and tickets carry one). */
final class PrincipalItem {
    private PrincipalItem() {}

    static void write(Map<String, AttributeValue> item, Principal principal) {
        item.put(IbalTable.USER_ID, Attr.s(principal.userId()));
        Attr.putIfPresent(item, IbalTable.USERNAME, principal.username());
        Attr.putIfPresent(item, IbalTable.DISPLAY_NAME, principal.displayName());
        Attr.putIfPresent(item, IbalTable.PROVIDER, principal.provider());
        CourseContext course = principal.course();
        if (course != null) {
            Attr.putIfPresent(item, IbalTable.COURSE_ID, course.courseId());
            Attr.putIfPresent(item, IbalTable.BLOCK_ID, course.blockId());
            Attr.putIfPresent(item, IbalTable.CHATFLOW_ID, course.chatflowId());
            Attr.putStrings(item, IbalTable.ROLES, course.roles());
        }
    }

    static Principal read(Map<String, AttributeValue> item) {
        CourseContext course = item.containsKey(IbalTable.COURSE_ID)
                ? new CourseContext(
                        Attr.str(item, IbalTable.COURSE_ID),
                        Attr.str(item, IbalTable.BLOCK_ID),
                        Attr.str(item, IbalTable.CHATFLOW_ID),
                        Attr.strings(item, IbalTable.ROLES))
                : null;
        return new Principal(
                Attr.str(item, IbalTable.USER_ID),
                Attr.str(item, IbalTable.USERNAME),
                Attr.str(item, IbalTable.DISPLAY_NAME),
                Attr.str(item, IbalTable.PROVIDER),
                course);
    }
}
