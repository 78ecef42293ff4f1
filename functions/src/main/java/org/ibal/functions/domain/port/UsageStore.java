package org.ibal.functions.domain.port;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.ibal.functions.domain.usage.TokenUsage;
import org.ibal.functions.domain.usage.TurnCost;

/** Usage counters per class: one row per learner per UTC day, and the class's spend per month. Numbers only. */
public interface UsageStore {
    /**
     * Adds one turn to the learner's row of the day and to the class's month, in one call after the reply (never
     * before the model).
     */
    void record(String classId, String userId, String username, Instant at, TokenUsage tokens, TurnCost cost);

    /** The learners' rows from {@code from} to {@code to}, both included. */
    List<UsageRow> between(String classId, LocalDate from, LocalDate to);

    long spentMicros(String classId, YearMonth month);

    /** Replaces the name on the user's rows of the class (the account was deleted; the numbers stay the class's). */
    void anonymise(String classId, String userId);

    record UsageRow(
            LocalDate date,
            String userId,
            String username,
            long messages,
            long tokensIn,
            long tokensOut,
            long modelMicros,
            long infraMicros,
            boolean estimated,
            Instant lastActive) {
        public long costMicros() {
            return modelMicros + infraMicros;
        }
    }
}
