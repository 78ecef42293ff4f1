package org.ibal.functions.domain.classes;

import java.time.Instant;

/**
 * A class: who owns it and the limits its learners' chats run under.
 *
 * @param dailyMessageQuota   questions the whole class may ask per UTC day, or null for no class limit
 * @param monthlyBudgetMicros the class's monthly spend limit in millionths of the currency, or null for none
 * @param deleteAfter         when an archived class's data is deleted (DynamoDB TTL), or null while it is active
 */
public record SchoolClass(
        String id,
        String name,
        String ownerId,
        Integer dailyMessageQuota,
        Long monthlyBudgetMicros,
        boolean archived,
        Instant createdAt,
        Instant deleteAfter) {
    public SchoolClass withName(String newName) {
        return new SchoolClass(
                id, newName, ownerId, dailyMessageQuota, monthlyBudgetMicros, archived, createdAt, deleteAfter);
    }
}
