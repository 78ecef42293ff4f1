package org.ibal.functions.domain.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.ibal.functions.domain.port.UsageStore.UsageRow;

/**
 * A class's usage over a range of days: numbers only, never message text (teachers see usage, not conversations).
 *
 * @param estimated true when any turn's tokens were estimated (the provider gave no usage)
 * @param rows      one per learner per day that had turns, oldest day first
 */
public record UsageReport(
        String classId,
        String currency,
        boolean estimated,
        Totals totals,
        List<Day> days,
        List<Learner> learners,
        Budget budget,
        List<UsageRow> rows) {
    public record Totals(
            long messages, long tokensIn, long tokensOut, long activeLearners, long modelMicros, long infraMicros) {}

    public record Day(
            LocalDate date, long messages, long tokensIn, long tokensOut, long activeLearners, long costMicros) {}

    /** @param lastActive null when the learner had no turn in the range */
    public record Learner(
            String userId,
            String username,
            long messages,
            long tokensIn,
            long tokensOut,
            long costMicros,
            Instant lastActive,
            boolean suspended,
            Integer dailyQuotaOverride) {}

    public record Budget(Long monthlyBudgetMicros, long spentThisMonthMicros, Integer dailyMessageQuota) {}
}
