package org.ibal.functions.domain.usage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.classes.ClassService;
import org.ibal.functions.domain.classes.Membership;
import org.ibal.functions.domain.classes.Role;
import org.ibal.functions.domain.classes.SchoolClass;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.ClassStore;
import org.ibal.functions.domain.port.UsageStore;
import org.ibal.functions.domain.port.UsageStore.UsageRow;

/**
 * A class's usage for its teachers and admins only ({@link ClassService#taught}): a learner never reads it, of their
 * own class or another's.
 */
public final class UsageReports {
    /** At most a year and a day per report. */
    static final int MAX_DAYS = 366;

    private final ClassService classService;
    private final ClassStore classes;
    private final AccountStore accounts;
    private final UsageStore usage;
    private final String currency;
    private final Clock clock;

    public UsageReports(
            ClassService classService,
            ClassStore classes,
            AccountStore accounts,
            UsageStore usage,
            String currency,
            Clock clock) {
        this.classService = classService;
        this.classes = classes;
        this.accounts = accounts;
        this.usage = usage;
        this.currency = currency;
        this.clock = clock;
    }

    /**
     * @param from first day (UTC), null: the first of this month
     * @param to   last day included, null: today
     */
    public UsageReport report(Principal caller, String classId, LocalDate from, LocalDate to) {
        SchoolClass schoolClass = classService.taught(caller, classId);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = from != null ? from : today.withDayOfMonth(1);
        LocalDate last = to != null ? to : today;
        if (last.isBefore(first) || ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new InvalidInputException("from must not be after to, and the range at most " + MAX_DAYS + " days");
        }
        List<UsageRow> rows = usage.between(classId, first, last);
        List<Membership> members = classes.members(classId);

        Map<LocalDate, List<UsageRow>> byDay = new TreeMap<>();
        rows.forEach(
                row -> byDay.computeIfAbsent(row.date(), d -> new ArrayList<>()).add(row));
        List<UsageReport.Day> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            List<UsageRow> of = byDay.getOrDefault(day, List.of());
            days.add(new UsageReport.Day(
                    day,
                    sum(of, UsageRow::messages),
                    sum(of, UsageRow::tokensIn),
                    sum(of, UsageRow::tokensOut),
                    of.stream().filter(r -> r.messages() > 0).count(),
                    sum(of, UsageRow::costMicros)));
        }

        Map<String, UsageReport.Learner> learners = new LinkedHashMap<>();
        for (Membership member : members) {
            if (member.myRole() == Role.LEARNER) {
                learners.put(
                        member.userId(),
                        new UsageReport.Learner(
                                member.userId(),
                                member.username(),
                                0,
                                0,
                                0,
                                0,
                                null,
                                accounts.find(member.userId()).suspended(),
                                member.dailyQuotaOverride()));
            }
        }
        for (UsageRow row : rows) {
            UsageReport.Learner before = learners.get(row.userId());
            if (before == null) {
                // Someone who left the class (or a teacher trying the assistant): their numbers still count.
                before = new UsageReport.Learner(row.userId(), row.username(), 0, 0, 0, 0, null, false, null);
            }
            learners.put(
                    row.userId(),
                    new UsageReport.Learner(
                            before.userId(),
                            before.username(),
                            before.messages() + row.messages(),
                            before.tokensIn() + row.tokensIn(),
                            before.tokensOut() + row.tokensOut(),
                            before.costMicros() + row.costMicros(),
                            before.lastActive() == null || row.lastActive().isAfter(before.lastActive())
                                    ? row.lastActive()
                                    : before.lastActive(),
                            before.suspended(),
                            before.dailyQuotaOverride()));
        }
        Set<String> active = new HashSet<>();
        rows.stream().filter(r -> r.messages() > 0).forEach(r -> active.add(r.userId()));
        UsageReport.Totals totals = new UsageReport.Totals(
                sum(rows, UsageRow::messages),
                sum(rows, UsageRow::tokensIn),
                sum(rows, UsageRow::tokensOut),
                active.size(),
                sum(rows, UsageRow::modelMicros),
                sum(rows, UsageRow::infraMicros));
        long spent = usage.spentMicros(classId, YearMonth.from(today));
        List<UsageRow> ordered = rows.stream()
                .sorted(Comparator.comparing(UsageRow::date).thenComparing(UsageRow::userId))
                .toList();
        return new UsageReport(
                classId,
                currency,
                rows.stream().anyMatch(UsageRow::estimated),
                totals,
                days,
                List.copyOf(learners.values()),
                new UsageReport.Budget(schoolClass.monthlyBudgetMicros(), spent, schoolClass.dailyMessageQuota()),
                ordered);
    }

    private static long sum(List<UsageRow> rows, java.util.function.ToLongFunction<UsageRow> field) {
        return rows.stream().mapToLong(field).sum();
    }
}
