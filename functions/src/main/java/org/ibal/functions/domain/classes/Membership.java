package org.ibal.functions.domain.classes;

import java.time.Instant;

/**
 * One person in one class.
 *
 * @param myRole             {@link Role#TEACHER} or {@link Role#LEARNER} in this class
 * @param dailyQuotaOverride this learner's own daily question quota in the class, or null for the deployment's
 */
public record Membership(
        String classId, String userId, String username, Role myRole, Integer dailyQuotaOverride, Instant joinedAt) {}
