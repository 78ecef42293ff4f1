package org.ibal.functions.domain.usage;

/**
 * What sendMessage needs of a session's class before the model, read in the same batch as the session.
 *
 * @param exists             false when the class is gone (then no limit of it applies)
 * @param dailyMessageQuota  the class's questions per UTC day, or null
 * @param monthlyBudgetMicros the class's monthly budget, or null
 * @param learnerQuota       the learner's own daily quota in this class, or null for the deployment's
 * @param spentMicros        the class's spend this month so far
 */
public record ClassBudget(
        String classId,
        boolean exists,
        boolean archived,
        Integer dailyMessageQuota,
        Long monthlyBudgetMicros,
        Integer learnerQuota,
        long spentMicros) {
    /** Which class (null: none, then only the account is read), learner and month to read. */
    public record Key(String classId, String userId, java.time.YearMonth month) {}

    public boolean budgetReached() {
        return monthlyBudgetMicros != null && spentMicros >= monthlyBudgetMicros;
    }
}
