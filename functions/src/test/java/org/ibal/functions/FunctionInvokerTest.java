package org.ibal.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.CapturedOutput;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.Events;
import org.ibal.functions.support.TestKeys;
import org.ibal.functions.support.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * The deployed path: event JSON in, response JSON out, through Spring Cloud Function's {@link FunctionInvoker} —
 * one per function bean, all in one JVM, as the local gateway runs them. Configuration arrives as JVM system
 * properties (how the gateway passes the template's variables); frames go through the real Management API client
 * to a local @connections endpoint. Everything printed meanwhile is captured to prove no secret reaches the logs.
 */
@ExtendWith(DynamoDbLocal.class)
class FunctionInvokerTest {
    private static final Map<String, String> CONFIG = new ConcurrentHashMap<>();
    private static final Map<String, List<JsonNode>> PUSHED = new ConcurrentHashMap<>();
    /** Lambda Invoke calls received: path, X-Amz-Invocation-Type and Authorization of each. */
    private static final List<List<String>> INVOKED = new CopyOnWriteArrayList<>();

    private static CapturedOutput log;
    private static HttpServer managementApi;
    private static String domain;
    private static FunctionInvoker connect;
    private static FunctionInvoker chat;
    private static FunctionInvoker disconnect;
    private static FunctionInvoker httpApi;

    @BeforeAll
    static void startFunctions() throws IOException {
        managementApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        managementApi.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String connectionId = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            PUSHED.computeIfAbsent(connectionId, k -> new CopyOnWriteArrayList<>())
                    .add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        // Lambda's Invoke API (LAMBDA_ENDPOINT): accepts the event with 202 and runs it, as Lambda would, later.
        managementApi.createContext("/2015-03-31/functions/", exchange -> {
            byte[] event = exchange.getRequestBody().readAllBytes();
            INVOKED.add(List.of(
                    exchange.getRequestURI().getRawPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            Thread.ofVirtual().start(() -> {
                try {
                    invoke(chat, new String(event, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        });
        managementApi.start();
        domain = "127.0.0.1:" + managementApi.getAddress().getPort();

        CONFIG.put("TABLE_NAME", DynamoDbLocal.newTable());
        CONFIG.put("DYNAMODB_ENDPOINT", DynamoDbLocal.endpoint().toString());
        CONFIG.put("JWT_SIGNING_KEY", TestKeys.ecKey("invoker-key").toJSONString());
        CONFIG.put("MANAGEMENT_API_ENDPOINT", "http://" + domain + "/local");
        CONFIG.put("BCRYPT_COST", "4");
        // Async only when the invocation names its function (a Lambda Context); the conversation test passes none.
        CONFIG.put("REPLY_MODE", "async");
        CONFIG.put("LAMBDA_ENDPOINT", "http://" + domain);
        CONFIG.put("aws.accessKeyId", "local");
        CONFIG.put("aws.secretAccessKey", "local");
        // DynamoDB Local keeps one database per access key and region: match the test client (local, us-east-1).
        CONFIG.put("aws.region", "us-east-1");
        CONFIG.forEach(System::setProperty);

        log = CapturedOutput.ofSystemOut();

        connect = new FunctionInvoker(IbalFunctions.CONNECT);
        chat = new FunctionInvoker(IbalFunctions.CHAT);
        disconnect = new FunctionInvoker(IbalFunctions.DISCONNECT);
        httpApi = new FunctionInvoker(IbalFunctions.HTTP_API);
    }

    @AfterAll
    static void stop() {
        log.close();
        CONFIG.keySet().forEach(System::clearProperty);
        managementApi.stop(0);
    }

    private static JsonNode invoke(FunctionInvoker invoker, String eventJson) throws IOException {
        return invoke(invoker, eventJson, null);
    }

    private static JsonNode invoke(FunctionInvoker invoker, String eventJson, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        // API Gateway reads these fields; a null (e.g. "cookies":null) is left out, as the Lambda runtime does.
        response.properties()
                .forEach(field ->
                        assertThat(field.getValue().isNull()).as(field.getKey()).isFalse());
        return response;
    }

    private static JsonNode http(String method, String path, String bearer, String body) throws IOException {
        Map<String, String> headers = bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer);
        return invoke(httpApi, Events.http(method, path, headers, Map.of(), body));
    }

    @Test
    void aWholeConversation_runsThroughTheFourFunctionInvokers_andLogsNoSecret() throws IOException {
        // given: an account, a ticket, a connection
        String password = "s3cret-Passw0rd-" + System.nanoTime();
        JsonNode registered = http(
                "POST",
                "/api/auth/register",
                null,
                Json.write(Json.object()
                        .put("username", "inv-" + System.nanoTime())
                        .put("password", password)));
        assertThat(registered.get("statusCode").asInt()).isEqualTo(201);
        JsonNode tokens = Json.MAPPER.readTree(registered.get("body").asString());
        String accessToken = tokens.get("accessToken").asString();
        String firstRefresh = tokens.get("refreshToken").asString();

        JsonNode ticketResponse = http("POST", "/api/auth/ws-ticket", accessToken, null);
        String ticket = Json.MAPPER
                .readTree(ticketResponse.get("body").asString())
                .get("ticket")
                .asString();
        String connectionId = TestStack.newConnectionId();

        // when
        JsonNode connected =
                invoke(connect, Events.connect(connectionId, Map.of("ticket", ticket), "192.0.2.10", domain, "local"));
        JsonNode reused = invoke(
                connect,
                Events.connect(TestStack.newConnectionId(), Map.of("ticket", ticket), "192.0.2.10", domain, "local"));
        JsonNode withToken = invoke(
                connect,
                Events.connect(
                        TestStack.newConnectionId(),
                        Map.of("token", accessToken, "auth_type", "jwt"),
                        "192.0.2.10",
                        domain,
                        "local"));
        JsonNode hello = invoke(chat, Events.message(connectionId, "hello", "{\"action\":\"hello\"}", domain, "local"));
        JsonNode sent = invoke(
                chat,
                Events.message(
                        connectionId,
                        "sendMessage",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-1\",\"content\":\"Why is the sky blue?\"}",
                        domain,
                        "local"));
        JsonNode unknown =
                invoke(chat, Events.message(connectionId, "$default", "{\"action\":\"dance\"}", domain, "local"));
        JsonNode refreshed =
                http("POST", "/api/auth/refresh", null, Json.write(Json.object().put("refreshToken", firstRefresh)));
        JsonNode login = http(
                "POST",
                "/api/auth/login",
                null,
                Json.write(Json.object()
                        .put("username", tokens.get("user").get("username").asString())
                        .put("password", password)));
        JsonNode gone = invoke(disconnect, Events.disconnect(connectionId));

        // then: status codes as API Gateway reads them
        assertThat(connected.get("statusCode").asInt()).isEqualTo(200);
        assertThat(reused.get("statusCode").asInt()).isEqualTo(401);
        assertThat(withToken.get("statusCode").asInt()).isEqualTo(200);
        assertThat(hello.get("statusCode").asInt()).isEqualTo(200);
        assertThat(sent.get("statusCode").asInt()).isEqualTo(200);
        assertThat(unknown.get("statusCode").asInt()).isEqualTo(200);
        assertThat(refreshed.get("statusCode").asInt()).isEqualTo(200);
        assertThat(login.get("statusCode").asInt()).isEqualTo(200);
        assertThat(gone.get("statusCode").asInt()).isEqualTo(200);

        // and the frames went through the Management API, in protocol order
        List<String> types = PUSHED.get(connectionId).stream()
                .map(f -> f.get("type").asString())
                .toList();
        assertThat(types.getFirst()).isEqualTo("user_info");
        assertThat(types.get(1)).isEqualTo("ack");
        assertThat(types.subList(2, types.size() - 2)).isNotEmpty().containsOnly("chunk");
        assertThat(types.subList(types.size() - 2, types.size())).containsExactly("message", "error");
        assertThat(PUSHED.get(connectionId).getLast().get("code").asString()).isEqualTo("unknown_action");

        // and the logs are JSON lines with request context, without any secret
        String logs = log.text();
        List<JsonNode> ours = new ArrayList<>();
        logs.lines()
                .filter(l -> l.startsWith("{") && l.contains("org.ibal"))
                .forEach(l -> ours.add(Json.MAPPER.readTree(l)));
        assertThat(ours).as("our log lines").isNotEmpty();
        assertThat(ours)
                .extracting(l -> l.has("connectionId") ? l.get("connectionId").asString() : null)
                .contains(connectionId);
        assertThat(ours).allSatisfy(l -> assertThat(l.has("requestId")).isTrue());
        String refreshedToken = Json.MAPPER
                .readTree(refreshed.get("body").asString())
                .get("refreshToken")
                .asString();
        for (String secret : List.of(accessToken, firstRefresh, refreshedToken, ticket, password)) {
            assertThat(logs).doesNotContain(secret);
        }
    }

    /** The Context Lambda hands the chat function when API Gateway invokes its {@code live} alias. */
    private static Context lambdaContext(String invokedArn) {
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
        return (Context) java.lang.reflect.Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getInvokedFunctionArn" -> invokedArn;
                    case "getFunctionName" -> "ibal-ChatFunction-AbC";
                    case "getFunctionVersion" -> "7";
                    case "getAwsRequestId" -> "req-" + System.nanoTime();
                    case "getRemainingTimeInMillis" -> 120_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogger" -> logger;
                    case "toString" -> "TestContext";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    @Test
    void sendMessage_invokedThroughAnAlias_handsTheReplyToAnAsynchronousInvocationOfThatAlias() throws Exception {
        // given: a connected user
        JsonNode tokens = Json.MAPPER.readTree(http(
                        "POST",
                        "/api/auth/register",
                        null,
                        Json.write(Json.object()
                                .put("username", "async-" + System.nanoTime())
                                .put("password", "correct horse battery")))
                .get("body")
                .asString());
        String connectionId = TestStack.newConnectionId();
        invoke(
                connect,
                Events.connect(
                        connectionId,
                        Map.of("token", tokens.get("accessToken").asString()),
                        "192.0.2.11",
                        domain,
                        "local"));
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:ibal-ChatFunction-AbC:live";

        // when: API Gateway invokes the route with Lambda's context
        JsonNode sent = invoke(
                chat,
                Events.message(
                        connectionId,
                        "sendMessage",
                        "{\"action\":\"sendMessage\",\"clientMessageId\":\"c-async\",\"content\":\"Why is grass green?\"}",
                        domain,
                        "local"),
                lambdaContext(arn));

        // then: the route returned; Lambda got a signed asynchronous Invoke of that very alias
        assertThat(sent.get("statusCode").asInt()).isEqualTo(200);
        assertThat(INVOKED).singleElement().satisfies(call -> {
            assertThat(call.get(0))
                    .isEqualTo("/2015-03-31/functions/" + java.net.URLEncoder.encode(arn, StandardCharsets.UTF_8)
                            + "/invocations");
            assertThat(call.get(1)).isEqualTo("Event");
            assertThat(call.get(2)).startsWith("AWS4-HMAC-SHA256 ").contains("/us-east-1/lambda/aws4_request");
        });
        // and the job, run by its own invocation, streamed the reply to the connection
        long deadline = System.currentTimeMillis() + 20_000;
        while (PUSHED.getOrDefault(connectionId, List.of()).stream()
                .noneMatch(f -> f.get("type").asString().equals("message"))) {
            assertThat(System.currentTimeMillis())
                    .as("waited for the final message")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
        List<JsonNode> frames = PUSHED.get(connectionId);
        assertThat(frames.getFirst().get("type").asString()).isEqualTo("ack");
        assertThat(frames.getLast().get("content").asString())
                .isEqualTo(org.ibal.functions.adapter.model.DemoChatModel.replyTo("Why is grass green?"));
    }

    @Test
    void theDefaultInvoker_findsItsFunctionByTheDefinitionProperty_asOnLambda() throws IOException {
        // SPRING_CLOUD_FUNCTION_DEFINITION on Lambda; its system-property spelling here.
        System.setProperty("spring.cloud.function.definition", IbalFunctions.HTTP_API);
        try {
            FunctionInvoker lambdaStyle = new FunctionInvoker();

            JsonNode health = invoke(lambdaStyle, Events.http("GET", "/api/health", Map.of(), Map.of(), null));

            assertThat(health.get("statusCode").asInt()).isEqualTo(200);
            assertThat(Json.MAPPER
                            .readTree(health.get("body").asString())
                            .get("status")
                            .asString())
                    .isEqualTo("ok");
        } finally {
            System.clearProperty("spring.cloud.function.definition");
        }
    }
}
