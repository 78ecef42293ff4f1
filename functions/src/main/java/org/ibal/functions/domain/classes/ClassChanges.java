package org.ibal.functions.domain.classes;

/**
 * A PATCH of a class: null fields stay as they are; {@code clearQuota}/{@code clearBudget} remove a limit (the JSON
 * said {@code null} explicitly).
 */
public record ClassChanges(
        String name,
        Integer dailyMessageQuota,
        boolean clearQuota,
        Long monthlyBudgetMicros,
        boolean clearBudget,
        Boolean archived) {}
