package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.classes.AdminUsers;
import org.ibal.functions.domain.classes.ClassChanges;
import org.ibal.functions.domain.classes.ClassService;
import org.ibal.functions.domain.classes.LearnerControls;
import org.ibal.functions.domain.classes.ResetLink;
import org.ibal.functions.domain.classes.Role;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.privacy.PersonalData;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's routes, {@code /api/me}, {@code /api/classes…} and {@code /api/admin…} (docs/protocol.md,
 * "Console"). Every rule of who may do what lives in the domain; this class only reads requests and renders answers.
 */
public final class ConsoleRoutes {
    private static final String ID = "([A-Za-z0-9_-]{1,64})";
    private static final Pattern CLASS = Pattern.compile("/api/classes/" + ID);
    private static final Pattern INVITES = Pattern.compile("/api/classes/" + ID + "/invites");
    private static final Pattern INVITE = Pattern.compile("/api/classes/" + ID + "/invites/" + ID);
    private static final Pattern USAGE = Pattern.compile("/api/classes/" + ID + "/usage(\\.csv)?");
    private static final Pattern LEARNER = Pattern.compile("/api/classes/" + ID + "/learners/" + ID);
    private static final Pattern LEARNER_ACTION =
            Pattern.compile("/api/classes/" + ID + "/learners/" + ID + "/(suspend|restore|password-reset|revoke)");
    private static final Pattern USER_ROLE = Pattern.compile("/api/admin/users/" + ID + "/role");

    private final ClassService classes;
    private final LearnerControls learners;
    private final AdminUsers admin;
    private final UsageRoutes usage;
    private final PersonalData personalData;

    public ConsoleRoutes(
            ClassService classes,
            LearnerControls learners,
            AdminUsers admin,
            UsageRoutes usage,
            PersonalData personalData) {
        this.personalData = personalData;
        this.classes = classes;
        this.learners = learners;
        this.admin = admin;
        this.usage = usage;
    }

    /** @return the answer, or null when the path is not a console route */
    APIGatewayV2HTTPResponse route(HttpRequest request, Function<HttpRequest, Principal> caller) {
        String method = request.method();
        String path = request.path();
        switch (method + " " + path) {
            case "GET /api/me":
                return HttpResponses.json(200, ConsoleJson.me(classes.me(caller.apply(request))));
            case "GET /api/me/export":
                return HttpResponses.json(200, ConsoleJson.export(personalData.export(caller.apply(request))));
            case "DELETE /api/me":
                personalData.deleteAccount(caller.apply(request));
                return HttpResponses.noContent();
            case "POST /api/classes": {
                Principal who = caller.apply(request);
                ObjectNode body = request.jsonBody();
                return HttpResponses.json(
                        201,
                        ConsoleJson.schoolClass(classes.create(
                                who,
                                request.requiredString(body, "name"),
                                ConsoleJson.optionalInt(body, "dailyMessageQuota"),
                                ConsoleJson.optionalMoneyMicros(body, "monthlyBudget"))));
            }
            case "GET /api/classes": {
                ObjectNode body = Json.object();
                ArrayNode list = body.putArray("classes");
                classes.list(caller.apply(request)).forEach(c -> list.add(ConsoleJson.schoolClass(c)));
                return HttpResponses.json(200, body);
            }
            case "POST /api/classes/join": {
                Principal who = caller.apply(request);
                var joined = classes.join(who, request.requiredString(request.jsonBody(), "code"));
                return HttpResponses.json(
                        200, Json.object().put("classId", joined.id()).put("name", joined.name()));
            }
            case "GET /api/admin/users":
                return users(admin.list(caller.apply(request), request.query().get("cursor")));
            default:
                return classRoutes(request, caller);
        }
    }

    private APIGatewayV2HTTPResponse classRoutes(HttpRequest request, Function<HttpRequest, Principal> caller) {
        String method = request.method();
        String path = request.path();
        Matcher m;
        if ((m = CLASS.matcher(path)).matches()) {
            String classId = m.group(1);
            return switch (method) {
                case "GET" ->
                    HttpResponses.json(200, ConsoleJson.schoolClass(classes.taught(caller.apply(request), classId)));
                case "PATCH" -> {
                    Principal who = caller.apply(request);
                    ObjectNode body = request.jsonBody();
                    yield HttpResponses.json(
                            200,
                            ConsoleJson.schoolClass(classes.update(
                                    who,
                                    classId,
                                    new ClassChanges(
                                            Json.optionalString(body, "name"),
                                            ConsoleJson.optionalInt(body, "dailyMessageQuota"),
                                            ConsoleJson.explicitNull(body, "dailyMessageQuota"),
                                            ConsoleJson.optionalMoneyMicros(body, "monthlyBudget"),
                                            ConsoleJson.explicitNull(body, "monthlyBudget"),
                                            ConsoleJson.optionalBoolean(body, "archived")))));
                }
                case "DELETE" -> {
                    classes.archive(caller.apply(request), classId);
                    yield HttpResponses.noContent();
                }
                default -> methodNotAllowed(request);
            };
        }
        if ((m = INVITES.matcher(path)).matches()) {
            String classId = m.group(1);
            if (method.equals("POST")) {
                Principal who = caller.apply(request);
                ObjectNode body = request.jsonBody();
                return HttpResponses.json(
                        201,
                        ConsoleJson.invite(
                                classes.createInvite(
                                        who,
                                        classId,
                                        ConsoleJson.requiredInt(body, "seats"),
                                        ConsoleJson.requiredInt(body, "expiresInHours")),
                                origin(request)));
            }
            if (method.equals("GET")) {
                ObjectNode body = Json.object();
                ArrayNode list = body.putArray("invites");
                String origin = origin(request);
                classes.invites(caller.apply(request), classId).forEach(i -> list.add(ConsoleJson.invite(i, origin)));
                return HttpResponses.json(200, body);
            }
            return methodNotAllowed(request);
        }
        if ((m = INVITE.matcher(path)).matches() && method.equals("DELETE")) {
            classes.revokeInvite(caller.apply(request), m.group(1), m.group(2));
            return HttpResponses.noContent();
        }
        if ((m = USAGE.matcher(path)).matches() && method.equals("GET")) {
            Principal who = caller.apply(request);
            return m.group(2) == null ? usage.json(who, m.group(1), request) : usage.csv(who, m.group(1), request);
        }
        if ((m = LEARNER.matcher(path)).matches() && method.equals("PUT")) {
            Principal who = caller.apply(request);
            ObjectNode body = request.jsonBody();
            if (!body.has("dailyQuotaOverride")) {
                throw new InvalidInputException("dailyQuotaOverride is required (a whole number, or null)");
            }
            learners.setQuotaOverride(who, m.group(1), m.group(2), ConsoleJson.optionalInt(body, "dailyQuotaOverride"));
            return HttpResponses.noContent();
        }
        if ((m = LEARNER_ACTION.matcher(path)).matches() && method.equals("POST")) {
            return learnerAction(caller.apply(request), m.group(1), m.group(2), m.group(3), request);
        }
        if ((m = USER_ROLE.matcher(path)).matches() && method.equals("PUT")) {
            Principal who = caller.apply(request);
            Role role = Role.parse(request.requiredString(request.jsonBody(), "role"));
            if (role == null) {
                throw new InvalidInputException("role must be teacher or learner");
            }
            admin.setRole(who, m.group(1), role);
            return HttpResponses.noContent();
        }
        return null;
    }

    private APIGatewayV2HTTPResponse learnerAction(
            Principal who, String classId, String userId, String action, HttpRequest request) {
        switch (action) {
            case "suspend" -> learners.suspend(who, classId, userId);
            case "restore" -> learners.restore(who, classId, userId);
            case "revoke" -> learners.revokeSessions(who, classId, userId);
            default -> {
                ResetLink link = learners.passwordReset(who, classId, userId);
                return HttpResponses.json(
                        200,
                        Json.object()
                                .put("url", origin(request) + "/reset/" + link.token())
                                .put("expiresAt", link.expiresAt().toString()));
            }
        }
        return HttpResponses.noContent();
    }

    private static APIGatewayV2HTTPResponse users(AdminUsers.Listing page) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("users");
        page.users()
                .forEach(u -> list.add(Json.object()
                        .put("userId", u.userId())
                        .put("username", u.username())
                        .put("role", u.role().wire())
                        .put("suspended", u.suspended())
                        .put("createdAt", u.createdAt().toString())));
        if (page.next() == null) {
            body.putNull("next");
        } else {
            body.put("next", page.next());
        }
        return HttpResponses.json(200, body);
    }

    private static APIGatewayV2HTTPResponse methodNotAllowed(HttpRequest request) {
        return HttpResponses.error(404, "not_found", "no route " + request.method() + " " + request.path());
    }

    /**
     * Where links point: the page's origin (the browser sends it on these cross-origin-capable calls), else the
     * host the request came to. Only the path after it is ours; a forged origin only misleads its own sender.
     */
    static String origin(HttpRequest request) {
        String origin = request.header("origin");
        if (origin != null && origin.matches("https?://[A-Za-z0-9.:\\[\\]-]{1,255}")) {
            return origin;
        }
        String host = request.header("host");
        return host != null && host.matches("[A-Za-z0-9.:\\[\\]-]{1,255}") ? "https://" + host : "";
    }
}
