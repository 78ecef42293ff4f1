package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.auth.AuthService;
import org.ibal.functions.domain.auth.Registration;
import org.ibal.functions.domain.auth.Tokens;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.port.HealthProbe;
import org.ibal.functions.domain.port.TokenService;
import org.ibal.functions.domain.session.SessionQueries;
import org.ibal.functions.handler.ErrorMapping;
import org.ibal.functions.handler.Json;
import org.ibal.functions.handler.Logs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/** Every HTTP API route under {@code /api} (docs/protocol.md); unknown routes answer 404 {@code not_found}. */
public final class HttpApiHandler implements Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);
    private static final Pattern SESSION = Pattern.compile("/api/sessions/([^/]{1,128})");
    private static final Pattern SESSION_MESSAGES = Pattern.compile("/api/sessions/([^/]{1,128})/messages");

    private final AuthService auth;
    private final SessionQueries sessions;
    private final TokenService tokens;
    private final HealthProbe store;
    private final HealthProbe model;
    private final OpenEdxSignInRoutes openEdx;
    private final ConsoleRoutes console;

    public HttpApiHandler(
            AuthService auth,
            SessionQueries sessions,
            TokenService tokens,
            HealthProbe store,
            HealthProbe model,
            OpenEdxSignInRoutes openEdx,
            ConsoleRoutes console) {
        this.console = console;
        this.auth = auth;
        this.sessions = sessions;
        this.tokens = tokens;
        this.store = store;
        this.model = model;
        this.openEdx = openEdx;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        String requestId = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getRequestId();
        String route = event.getRawPath();
        try (Logs.Scope ignored = Logs.scope(requestId, null)) {
            try {
                HttpRequest request = HttpRequest.from(event);
                route = request.method() + " " + request.path();
                APIGatewayV2HTTPResponse response = route(request, event);
                LOG.info("{} -> {}", route, response.getStatusCode());
                return response;
            } catch (RuntimeException failure) {
                ErrorMapping.HttpError error = ErrorMapping.http(failure);
                if (ErrorMapping.unexpected(failure)) {
                    LOG.error("{} failed", route, failure);
                } else {
                    LOG.info(
                            "{} -> {} {}",
                            route,
                            error.status(),
                            failure instanceof UnauthorizedException u ? u.reason() : failure.getMessage());
                }
                return HttpResponses.error(error);
            }
        }
    }

    private APIGatewayV2HTTPResponse route(HttpRequest request, APIGatewayV2HTTPEvent event) {
        String method = request.method();
        String path = request.path();
        switch (method + " " + path) {
            case "GET /api/health":
                return health();
            case "POST /api/auth/register":
                // The attempt is counted before the body is read: malformed attempts count too.
                return tokens(201, auth.register(request.sourceIp(), () -> {
                    ObjectNode body = request.jsonBody();
                    return new Registration(
                            request.requiredString(body, "username"),
                            request.requiredString(body, "password"),
                            Json.optionalString(body, "displayName"),
                            inviteCode(body));
                }));
            case "POST /api/auth/login": {
                ObjectNode body = request.jsonBody();
                return tokens(
                        200,
                        auth.login(
                                request.requiredString(body, "username"),
                                request.requiredString(body, "password"),
                                request.sourceIp()));
            }
            case "POST /api/auth/refresh":
                return tokens(200, auth.refresh(request.requiredString(request.jsonBody(), "refreshToken")));
            case "POST /api/auth/reset": {
                ObjectNode body = request.jsonBody();
                auth.resetPassword(request.requiredString(body, "token"), request.requiredString(body, "password"));
                return HttpResponses.noContent();
            }
            case "POST /api/auth/logout":
                auth.logout(request.requiredString(request.jsonBody(), "refreshToken"));
                return HttpResponses.noContent();
            case "POST /api/auth/lms":
                return openEdx.lms(request);
            case "GET /api/oauth/openedx/start":
                return openEdx.start(request, event);
            case "GET /api/oauth/openedx/callback":
                return openEdx.callback(request, event);
            case "POST /api/auth/ws-ticket": {
                var ticket = auth.issueTicket(caller(request));
                return HttpResponses.json(
                        200, Json.object().put("ticket", ticket.ticket()).put("expiresIn", ticket.expiresIn()));
            }
            case "GET /api/sessions":
                return HttpResponses.json(
                        200,
                        HttpResponses.page(
                                sessions.list(
                                        caller(request),
                                        request.intQuery("limit"),
                                        request.query().get("cursor")),
                                Json::session));
            default: {
                APIGatewayV2HTTPResponse consoleAnswer = console.route(request, this::caller);
                return consoleAnswer != null ? consoleAnswer : sessionRoutes(request);
            }
        }
    }

    private APIGatewayV2HTTPResponse sessionRoutes(HttpRequest request) {
        Matcher messages = SESSION_MESSAGES.matcher(request.path());
        if (messages.matches() && request.method().equals("GET")) {
            Logs.session(messages.group(1));
            return HttpResponses.json(
                    200,
                    HttpResponses.page(
                            sessions.messages(
                                    caller(request),
                                    messages.group(1),
                                    request.intQuery("limit"),
                                    request.query().get("cursor")),
                            Json::message));
        }
        Matcher session = SESSION.matcher(request.path());
        if (session.matches() && request.method().equals("PATCH")) {
            Logs.session(session.group(1));
            Principal caller = caller(request);
            String title = request.requiredString(request.jsonBody(), "title");
            return HttpResponses.json(200, Json.session(sessions.rename(caller, session.group(1), title)));
        }
        if (session.matches() && request.method().equals("DELETE")) {
            Logs.session(session.group(1));
            sessions.delete(caller(request), session.group(1));
            return HttpResponses.noContent();
        }
        return HttpResponses.error(404, "not_found", "no route " + request.method() + " " + request.path());
    }

    private APIGatewayV2HTTPResponse health() {
        boolean storeOk = store.healthy();
        boolean modelOk = model.healthy();
        ObjectNode body = Json.object().put("status", storeOk && modelOk ? "ok" : "unavailable");
        body.putObject("checks")
                .put("store", storeOk ? "ok" : "unavailable")
                .put("model", modelOk ? "ok" : "unavailable");
        return HttpResponses.json(storeOk && modelOk ? 200 : 503, body);
    }

    /** {@code invite} (the console's links) or {@code inviteCode} (the first name of the field). */
    private static String inviteCode(ObjectNode body) {
        String invite = Json.optionalString(body, "invite");
        return invite != null ? invite : Json.optionalString(body, "inviteCode");
    }

    private static APIGatewayV2HTTPResponse tokens(int status, Tokens tokens) {
        ObjectNode body = Json.object()
                .put("accessToken", tokens.accessToken())
                .put("refreshToken", tokens.refreshToken())
                .put("expiresIn", tokens.expiresIn());
        body.set("user", Json.user(tokens.user()));
        return HttpResponses.json(status, body);
    }

    private Principal caller(HttpRequest request) {
        String header = request.header("authorization");
        List<String> parts = header == null ? List.of() : List.of(header.strip().split("\\s+", 2));
        if (parts.size() != 2 || !parts.get(0).equalsIgnoreCase("Bearer")) {
            throw UnauthorizedException.badToken("no bearer token");
        }
        return tokens.verify(parts.get(1));
    }
}
