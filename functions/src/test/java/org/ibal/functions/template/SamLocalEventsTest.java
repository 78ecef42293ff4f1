package org.ibal.functions.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * The events under {@code events/} (for {@code sam local invoke <Function> -e events/<Function>/<name>.json}) stay
 * true: there is one per route of template.yaml, each under the function the template routes it to, and each, run
 * in order through Spring Cloud Function's {@link FunctionInvoker} as Lambda runs it, gets the answer its route
 * gives. Placeholders ({@code REPLACE_WITH_…}, see events/README.md) are filled with what the earlier events
 * returned, as a developer fills them by hand; pushes go to a local {@code @connections} endpoint.
 */
@ExtendWith(DynamoDbLocal.class)
class SamLocalEventsTest {
    private static final Path REPOSITORY = Path.of("..");
    private static final Path EVENTS = REPOSITORY.resolve("events");
    /** The event's own domain: API Gateway's, replaced by the local @connections endpoint. */
    private static final String EVENT_DOMAIN = "abcdef1234.execute-api.eu-west-1.amazonaws.com";
    /** Not a route: the chat function's asynchronous reply job (functions/README.md, "Replies"). */
    private static final String REPLY_JOB = "$ibalJob";

    private static final Map<String, String> CONFIG = new HashMap<>();
    private static final Map<String, List<JsonNode>> PUSHED = new ConcurrentHashMap<>();
    private static final Map<String, String> FILLED = new HashMap<>();
    private static Template template;
    private static HttpServer managementApi;

    @BeforeAll
    static void start() throws IOException {
        template = Template.parse(Files.readString(REPOSITORY.resolve("template.yaml")));
        managementApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        managementApi.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String connectionId = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            PUSHED.computeIfAbsent(connectionId, k -> new CopyOnWriteArrayList<>())
                    .add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        managementApi.start();
        FILLED.put(EVENT_DOMAIN, "127.0.0.1:" + managementApi.getAddress().getPort());

        CONFIG.put("TABLE_NAME", DynamoDbLocal.newTable());
        CONFIG.put("DYNAMODB_ENDPOINT", DynamoDbLocal.endpoint().toString());
        CONFIG.put("JWT_SIGNING_KEY", TestKeys.ecKey("events-key").toJSONString());
        CONFIG.put("MANAGEMENT_API_ENDPOINT", "http://" + FILLED.get(EVENT_DOMAIN) + "/prod");
        CONFIG.put("BCRYPT_COST", "4");
        // register.json's user is the console's admin, so the console's events run with every right.
        CONFIG.put("ADMIN_USERNAMES", "ada.lovelace");
        CONFIG.put("aws.accessKeyId", "local");
        CONFIG.put("aws.secretAccessKey", "local");
        CONFIG.put("aws.region", "us-east-1");
        CONFIG.forEach(System::setProperty);
    }

    @AfterAll
    static void stop() {
        CONFIG.keySet().forEach(System::clearProperty);
        if (managementApi != null) {
            managementApi.stop(0);
        }
    }

    @Test
    void everyRouteOfTheTemplate_hasOneEvent_underTheFunctionThatServesIt() throws IOException {
        Map<String, TreeSet<String>> routes = new TreeMap<>();
        webSocketRoutes()
                .forEach((route, function) ->
                        routes.computeIfAbsent(function, f -> new TreeSet<>()).add(route));
        httpRoutes()
                .forEach((route, function) ->
                        routes.computeIfAbsent(function, f -> new TreeSet<>()).add(route));

        Map<String, TreeSet<String>> events = new TreeMap<>();
        Map<String, List<Path>> filesByRoute = new TreeMap<>();
        for (Path file : eventFiles()) {
            String function = file.getParent().getFileName().toString();
            String route = routeKey(Json.MAPPER.readTree(Files.readString(file)));
            if (!route.equals(REPLY_JOB)) {
                events.computeIfAbsent(function, f -> new TreeSet<>()).add(route);
                filesByRoute
                        .computeIfAbsent(function + " " + route, r -> new ArrayList<>())
                        .add(file);
            }
        }

        assertThat(events).isEqualTo(routes);
        assertThat(filesByRoute)
                .allSatisfy((route, files) -> assertThat(files).as(route).hasSize(1));
    }

    @Test
    void everyEvent_runsThroughTheFunctionInvoker_andGetsItsRoutesAnswer() throws IOException {
        Map<String, String> definitions = template.definitions();
        Map<String, FunctionInvoker> invokers = new HashMap<>();
        definitions.forEach((function, bean) -> invokers.put(function, new FunctionInvoker(bean)));
        List<String> ran = new ArrayList<>();
        String connection = "BxDrsdVHDoECJmQ=";

        JsonNode registered = http(invokers, ran, "register", 201);
        FILLED.put("REPLACE_WITH_ACCESS_TOKEN", registered.get("accessToken").asString());
        FILLED.put("REPLACE_WITH_REFRESH_TOKEN", registered.get("refreshToken").asString());
        FILLED.put("REPLACE_WITH_USER_ID", registered.get("user").get("id").asString());
        http(invokers, ran, "health", 200);
        http(invokers, ran, "login", 200);
        assertThat(http(invokers, ran, "ws-ticket", 200).get("ticket").asString())
                .isNotBlank();

        assertThat(webSocket(invokers, ran, "ConnectFunction/connect", connection))
                .isEmpty();
        List<JsonNode> hello = webSocket(invokers, ran, "ChatFunction/hello", connection);
        assertThat(types(hello)).containsExactly("user_info");
        FILLED.put("REPLACE_WITH_SESSION_ID", hello.getFirst().get("sessionId").asString());
        List<JsonNode> reply = webSocket(invokers, ran, "ChatFunction/send-message", connection);
        assertThat(types(reply)).startsWith("ack").contains("chunk").endsWith("message");
        FILLED.put(
                "REPLACE_WITH_REPLY_MESSAGE_ID",
                reply.getLast().get("messageId").asString());
        assertThat(types(webSocket(invokers, ran, "ChatFunction/ping", connection)))
                .containsExactly("pong");
        assertThat(webSocket(invokers, ran, "ChatFunction/stop", connection))
                .as("nothing to stop")
                .isEmpty();
        assertThat(types(webSocket(invokers, ran, "ChatFunction/default", connection)))
                .containsExactly("error");
        assertThat(webSocket(invokers, ran, "ChatFunction/reply-job", connection))
                .as("a job whose reply is stored does nothing")
                .isEmpty();

        assertThat(http(invokers, ran, "list-sessions", 200).get("items")).hasSize(1);
        assertThat(http(invokers, ran, "list-messages", 200).get("items")).hasSize(2);
        assertThat(http(invokers, ran, "rename-session", 200).get("title").asString())
                .isEqualTo("Sky colours");
        FILLED.put(
                "REPLACE_WITH_REFRESH_TOKEN",
                http(invokers, ran, "refresh", 200).get("refreshToken").asString());
        http(invokers, ran, "logout", 204);
        // Open edX sign-in is not configured here: both modes answer 404 not_configured.
        http(invokers, ran, "lms", 404);
        http(invokers, ran, "openedx-start", 404);
        http(invokers, ran, "openedx-callback", 404);
        assertThat(webSocket(invokers, ran, "DisconnectFunction/disconnect", connection))
                .isEmpty();
        http(invokers, ran, "delete-session", 204);

        // The console (docs/protocol.md, "Console"), as the admin.
        assertThat(http(invokers, ran, "me", 200).get("role").asString()).isEqualTo("admin");
        FILLED.put(
                "REPLACE_WITH_CLASS_ID",
                http(invokers, ran, "create-class", 201).get("classId").asString());
        assertThat(http(invokers, ran, "list-classes", 200).get("classes")).hasSize(1);
        assertThat(http(invokers, ran, "get-class", 200).get("name").asString()).isEqualTo("Biology 7B");
        assertThat(http(invokers, ran, "update-class", 200).get("monthlyBudget").asInt())
                .isEqualTo(30);
        FILLED.put(
                "REPLACE_WITH_INVITE_CODE",
                http(invokers, ran, "create-invite", 201).get("code").asString());
        assertThat(http(invokers, ran, "list-invites", 200).get("invites")).hasSize(1);
        assertThat(http(invokers, ran, "join-class", 200).get("classId").asString())
                .isEqualTo(FILLED.get("REPLACE_WITH_CLASS_ID"));
        // The learner routes name the admin's own account here, which nobody may steer through a class.
        for (String learnerRoute : List.of(
                "set-learner-quota",
                "suspend-learner",
                "restore-learner",
                "reset-learner-password",
                "revoke-learner-sessions")) {
            http(invokers, ran, learnerRoute, 403);
        }
        FILLED.put("REPLACE_WITH_RESET_TOKEN", "not-a-reset-token");
        http(invokers, ran, "reset-password", 401);
        assertThat(http(invokers, ran, "list-users", 200).get("users")).hasSize(1);
        http(invokers, ran, "set-user-role", 204);
        JsonNode usage = http(invokers, ran, "class-usage", 200);
        assertThat(usage.get("days")).hasSize(30);
        assertThat(usage.get("totals").get("messages").asLong())
                .as("the admin's own chat is in no class")
                .isZero();
        assertThat(invoke(invokers, ran, "HttpApiFunction/class-usage-csv")
                        .get("body")
                        .asString())
                .startsWith("date,userId,username,messages,tokensIn,tokensOut,cost");
        http(invokers, ran, "revoke-invite", 204);
        http(invokers, ran, "archive-class", 204);
        JsonNode export = http(invokers, ran, "export-me", 200);
        assertThat(export.get("profile").get("username").asString()).isEqualTo("ada.lovelace");
        assertThat(export.get("sessions"))
                .as("delete-session removed the one session")
                .isEmpty();
        http(invokers, ran, "delete-me", 204);

        assertThat(ran)
                .as("every event under events/ ran")
                .containsExactlyInAnyOrderElementsOf(eventFiles().stream()
                        .map(f -> EVENTS.relativize(f).toString().replace(".json", ""))
                        .toList());
    }

    /** Runs events/HttpApiFunction/{name}.json; returns the parsed body (null when empty). */
    private static JsonNode http(Map<String, FunctionInvoker> invokers, List<String> ran, String name, int status)
            throws IOException {
        JsonNode response = invoke(invokers, ran, "HttpApiFunction/" + name);
        assertThat(response.get("statusCode").asInt())
                .as(name + ": " + response)
                .isEqualTo(status);
        JsonNode body = response.get("body");
        return body == null || body.asString().isEmpty() ? null : Json.MAPPER.readTree(body.asString());
    }

    /** Runs a WebSocket event (status 200, as every WebSocket route answers); returns the frames it pushed. */
    private static List<JsonNode> webSocket(
            Map<String, FunctionInvoker> invokers, List<String> ran, String name, String connection)
            throws IOException {
        int before = PUSHED.getOrDefault(connection, List.of()).size();
        JsonNode response = invoke(invokers, ran, name);
        assertThat(response.get("statusCode").asInt())
                .as(name + ": " + response)
                .isEqualTo(200);
        List<JsonNode> all = PUSHED.getOrDefault(connection, List.of());
        return List.copyOf(all.subList(before, all.size()));
    }

    private static JsonNode invoke(Map<String, FunctionInvoker> invokers, List<String> ran, String name)
            throws IOException {
        String event = Files.readString(EVENTS.resolve(name + ".json"));
        for (var fill : FILLED.entrySet()) {
            event = event.replace(fill.getKey(), fill.getValue());
        }
        String function = name.substring(0, name.indexOf('/'));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invokers.get(function)
                .handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        ran.add(name);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.get("type").asString()).toList();
    }

    private static List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EVENTS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** An event's route: the WebSocket route key, or the HTTP API's {@code METHOD /path}. */
    private static String routeKey(JsonNode event) {
        JsonNode context = event.get("requestContext");
        return event.has("version")
                ? event.get("routeKey").asString()
                : context.get("routeKey").asString();
    }

    /** WebSocket route key to the logical id of the function its integration invokes. */
    private static Map<String, String> webSocketRoutes() {
        Map<String, String> routes = new TreeMap<>();
        for (String routeId : template.idsOfType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> route = template.properties(routeId);
            Matcher integration = Pattern.compile("integrations/\\$\\{(\\w+)}")
                    .matcher(String.valueOf(Template.subText(route.get("Target"))));
            assertThat(integration.matches()).as(routeId).isTrue();
            Matcher function = Pattern.compile("/functions/\\$\\{(\\w+)\\.Arn}")
                    .matcher(String.valueOf(Template.subText(
                            template.properties(integration.group(1)).get("IntegrationUri"))));
            assertThat(function.find()).as(routeId).isTrue();
            routes.put(String.valueOf(route.get("RouteKey")), function.group(1));
        }
        return routes;
    }

    /** HTTP API {@code METHOD /path} to the function whose HttpApi event declares it. */
    private static Map<String, String> httpRoutes() {
        Map<String, String> routes = new TreeMap<>();
        template.functions()
                .forEach((function, properties) -> Template.map(properties.get("Events")).values().stream()
                        .map(Template::map)
                        .filter(e -> "HttpApi".equals(e.get("Type")))
                        .map(e -> Template.map(e.get("Properties")))
                        .forEach(p -> routes.put(p.get("Method") + " " + p.get("Path"), function)));
        return routes;
    }
}
