package org.ibal.functions.handler.http;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.ibal.functions.domain.classes.ClassInvite;
import org.ibal.functions.domain.classes.MeView;
import org.ibal.functions.domain.classes.SchoolClass;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.privacy.DataExport;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The console's JSON shapes (docs/protocol.md, "Console"): money in the currency's units, times ISO-8601. */
final class ConsoleJson {
    private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);
    /** Budgets above this are surely typos (a million a month for a class). */
    private static final double MAX_BUDGET = 1_000_000;

    private ConsoleJson() {}

    static ObjectNode me(MeView me) {
        ObjectNode out = Json.object()
                .put("userId", me.userId())
                .put("username", me.username())
                .put("role", me.role().wire())
                .put("suspended", me.suspended());
        var classes = out.putArray("classes");
        me.classes()
                .forEach(c -> classes.add(Json.object()
                        .put("classId", c.classId())
                        .put("name", c.name())
                        .put("myRole", c.myRole().wire())));
        return out;
    }

    static ObjectNode schoolClass(SchoolClass c) {
        ObjectNode out = Json.object().put("classId", c.id()).put("name", c.name());
        if (c.dailyMessageQuota() == null) {
            out.putNull("dailyMessageQuota");
        } else {
            out.put("dailyMessageQuota", c.dailyMessageQuota());
        }
        putMoneyOrNull(out, "monthlyBudget", c.monthlyBudgetMicros());
        out.put("archived", c.archived()).put("createdAt", c.createdAt().toString());
        if (c.deleteAfter() == null) {
            out.putNull("deleteAfter");
        } else {
            out.put("deleteAfter", c.deleteAfter().toString());
        }
        return out;
    }

    static ObjectNode invite(ClassInvite invite, String origin) {
        return Json.object()
                .put("code", invite.code())
                .put("url", origin + "/join/" + invite.code())
                .put("seats", invite.seats())
                .put("used", invite.used())
                .put("expiresAt", invite.expiresAt().toString())
                .put("revoked", invite.revoked());
    }

    /** All of a person's data: their profile, console state, classes, sessions and every message. */
    static ObjectNode export(DataExport data) {
        ObjectNode out = Json.object();
        ObjectNode profile = out.putObject("profile")
                .put("userId", data.principal().userId())
                .put("username", data.principal().username())
                .put("displayName", data.principal().displayName())
                .put("provider", data.principal().provider());
        if (data.user() != null) {
            profile.put("createdAt", data.user().createdAt().toString());
        }
        ObjectNode account =
                out.putObject("account").put("suspended", data.account().suspended());
        account.put(
                "promotedRole",
                data.account().promotedRole() == null
                        ? null
                        : data.account().promotedRole().wire());
        var classes = out.putArray("classes");
        data.classes().forEach(m -> {
            ObjectNode c = Json.object()
                    .put("classId", m.classId())
                    .put("myRole", m.myRole().wire())
                    .put("joinedAt", m.joinedAt().toString());
            if (m.dailyQuotaOverride() != null) {
                c.put("dailyQuotaOverride", m.dailyQuotaOverride());
            }
            classes.add(c);
        });
        var sessions = out.putArray("sessions");
        data.sessions().forEach(s -> {
            ObjectNode session = Json.session(s.session());
            var messages = session.putArray("messages");
            s.messages().forEach(message -> messages.add(Json.message(message)));
            sessions.add(session);
        });
        return out;
    }

    static void putMoneyOrNull(ObjectNode out, String field, Long micros) {
        if (micros == null) {
            out.putNull(field);
        } else {
            out.put(field, money(micros));
        }
    }

    /** Micros as a decimal with six places at most (trailing zeros dropped). */
    static BigDecimal money(long micros) {
        BigDecimal value = BigDecimal.valueOf(micros)
                .divide(MICROS, 6, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** @return null when the field is absent or JSON null */
    static Integer optionalInt(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidInputException(field + " must be a whole number");
        }
        return value.intValue();
    }

    static int requiredInt(ObjectNode body, String field) {
        Integer value = optionalInt(body, field);
        if (value == null) {
            throw new InvalidInputException(field + " is required");
        }
        return value;
    }

    /** A money field in the currency's units, as micros; null when absent or JSON null. */
    static Long optionalMoneyMicros(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()
                || !Double.isFinite(value.doubleValue())
                || value.doubleValue() < 0
                || value.doubleValue() > MAX_BUDGET) {
            throw new InvalidInputException(field + " must be a number from 0 to " + (long) MAX_BUDGET);
        }
        return value.decimalValue()
                .multiply(MICROS)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** True when the body names the field with an explicit JSON null (PATCH: remove it). */
    static boolean explicitNull(ObjectNode body, String field) {
        return body.has(field) && body.get(field).isNull();
    }
}
