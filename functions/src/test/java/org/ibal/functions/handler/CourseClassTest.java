package org.ibal.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.ibal.functions.adapter.token.NimbusTokenService;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.classes.ClassService;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Open edX: a token minted for a course makes the course's class on first sight; its staff teach it and see its
 * usage (the XBlock's staff view), its learners are members and chat in it, and see no usage.
 */
@ExtendWith(DynamoDbLocal.class)
class CourseClassTest {
    private static final String COURSE = "course-v1:IBAL+BIO101+2026";

    private final TestStack stack = new TestStack();
    private final NimbusTokenService tokens =
            new NimbusTokenService(stack.signingKey, "ibal", "ibal", Duration.ofMinutes(15), stack.clock);

    private String token(String userId, List<String> roles) {
        return tokens.issue(new Principal(
                        userId,
                        userId,
                        "Name " + userId,
                        "openedx",
                        new CourseContext(COURSE, "block-v1:IBAL+BIO101+2026+type@ibal+block@c1", null, roles)))
                .token();
    }

    @Test
    void courseStaffTeachTheCoursesClass_learnersBelongToIt_andOnlyStaffSeeItsUsage() {
        String classId = ClassService.courseClassId(COURSE);
        String staff = token("staff-1", List.of("staff"));
        String learner = token("learner-1", List.of());

        JsonNode staffUsage = stack.http("GET", "/api/classes/" + classId + "/usage", staff, null)
                .body();
        JsonNode learnerMe = stack.http("GET", "/api/me", learner, null).body();

        assertThat(classId).matches("c_[0-9a-f]{20}");
        assertThat(staffUsage.get("classId").asString())
                .as("the staff view, before anyone chatted")
                .isEqualTo(classId);
        assertThat(learnerMe.get("role").asString()).isEqualTo("learner");
        assertThat(learnerMe.get("classes").get(0).get("classId").asString()).isEqualTo(classId);
        assertThat(learnerMe.get("classes").get(0).get("myRole").asString()).isEqualTo("learner");
        assertThat(stack.http("GET", "/api/classes/" + classId + "/usage", learner, null)
                        .status())
                .isEqualTo(403);
        assertThat(stack.http("GET", "/api/me", staff, null).body().get("role").asString())
                .isEqualTo("teacher");
    }
}
