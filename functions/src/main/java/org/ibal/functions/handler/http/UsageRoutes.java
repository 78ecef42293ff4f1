package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.port.UsageStore.UsageRow;
import org.ibal.functions.domain.usage.UsageReport;
import org.ibal.functions.domain.usage.UsageReports;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/classes/{classId}/usage} (JSON) and {@code …/usage.csv}: the same numbers, never message text. */
public final class UsageRoutes {
    static final String CSV_HEADER = "date,userId,username,messages,tokensIn,tokensOut,cost";

    private final UsageReports reports;

    public UsageRoutes(UsageReports reports) {
        this.reports = reports;
    }

    APIGatewayV2HTTPResponse json(Principal caller, String classId, HttpRequest request) {
        UsageReport report = report(caller, classId, request);
        ObjectNode body = Json.object()
                .put("classId", report.classId())
                .put("currency", report.currency())
                .put("estimated", report.estimated());
        UsageReport.Totals t = report.totals();
        ObjectNode totals = body.putObject("totals")
                .put("messages", t.messages())
                .put("tokensIn", t.tokensIn())
                .put("tokensOut", t.tokensOut())
                .put("activeLearners", t.activeLearners());
        totals.putObject("cost")
                .put("model", ConsoleJson.money(t.modelMicros()))
                .put("infra", ConsoleJson.money(t.infraMicros()))
                .put("total", ConsoleJson.money(t.modelMicros() + t.infraMicros()));
        ArrayNode days = body.putArray("days");
        report.days()
                .forEach(d -> days.add(Json.object()
                        .put("date", d.date().toString())
                        .put("messages", d.messages())
                        .put("tokensIn", d.tokensIn())
                        .put("tokensOut", d.tokensOut())
                        .put("activeLearners", d.activeLearners())
                        .put("cost", ConsoleJson.money(d.costMicros()))));
        ArrayNode learners = body.putArray("learners");
        report.learners().forEach(l -> {
            ObjectNode learner = Json.object()
                    .put("userId", l.userId())
                    .put("username", l.username())
                    .put("messages", l.messages())
                    .put("tokensIn", l.tokensIn())
                    .put("tokensOut", l.tokensOut())
                    .put("cost", ConsoleJson.money(l.costMicros()));
            if (l.lastActive() == null) {
                learner.putNull("lastActive");
            } else {
                learner.put("lastActive", l.lastActive().toString());
            }
            learner.put("suspended", l.suspended());
            if (l.dailyQuotaOverride() == null) {
                learner.putNull("dailyQuotaOverride");
            } else {
                learner.put("dailyQuotaOverride", l.dailyQuotaOverride());
            }
            learners.add(learner);
        });
        ObjectNode budget = body.putObject("budget");
        ConsoleJson.putMoneyOrNull(budget, "monthlyBudget", report.budget().monthlyBudgetMicros());
        budget.put("spentThisMonth", ConsoleJson.money(report.budget().spentThisMonthMicros()));
        if (report.budget().dailyMessageQuota() == null) {
            budget.putNull("dailyMessageQuota");
        } else {
            budget.put("dailyMessageQuota", report.budget().dailyMessageQuota());
        }
        return HttpResponses.json(200, body);
    }

    APIGatewayV2HTTPResponse csv(Principal caller, String classId, HttpRequest request) {
        UsageReport report = report(caller, classId, request);
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (UsageRow row : report.rows()) {
            out.append(row.date())
                    .append(',')
                    .append(cell(row.userId()))
                    .append(',')
                    .append(cell(row.username()))
                    .append(',')
                    .append(row.messages())
                    .append(',')
                    .append(row.tokensIn())
                    .append(',')
                    .append(row.tokensOut())
                    .append(',')
                    .append(ConsoleJson.money(row.costMicros()).toPlainString())
                    .append("\r\n");
        }
        return HttpResponses.download("text/csv; charset=utf-8", "usage-" + classId + ".csv", out.toString());
    }

    /**
     * RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula (= + - @), so an
     * exported name can never become a formula in the teacher's spreadsheet.
     */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private UsageReport report(Principal caller, String classId, HttpRequest request) {
        return reports.report(caller, classId, date(request, "from"), date(request, "to"));
    }

    private static LocalDate date(HttpRequest request, String name) {
        String value = request.query().get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be a date, YYYY-MM-DD");
        }
    }
}
