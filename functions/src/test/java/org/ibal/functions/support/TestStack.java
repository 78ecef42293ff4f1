package org.ibal.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.config.IbalSettings;
import org.ibal.functions.config.OpenEdxSettings;
import org.ibal.functions.config.ReplySettings;
import org.ibal.functions.config.Wiring;
import org.ibal.functions.handler.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * The functions wired as in production, against their own table in DynamoDB Local, with a hand-moved clock and a
 * recording pusher. Events go through the same JSON fixtures and deserializer as on Lambda.
 */
public final class TestStack {
    public static final String DOMAIN = "abcdef1234.execute-api.eu-west-1.amazonaws.com";
    public static final String STAGE = "prod";
    /** Where the functions push: set by the deployment, never the domain an event names. */
    public static final String PUSH_ENDPOINT = "https://" + DOMAIN + "/" + STAGE;
    /** The client address of HTTP events unless a test names another. */
    public static final String HTTP_SOURCE_IP = "203.0.113.7";

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    public final RecordingPusher pusher = new RecordingPusher();
    public final ECKey signingKey = TestKeys.ecKey("test-key-1");
    public final String table;
    /** Every DynamoDB call the functions make. */
    public final DynamoCalls dynamoCalls = new DynamoCalls();
    /** Switched on, the functions' store is unreachable. */
    public final StoreOutage outage = new StoreOutage();

    public final IbalSettings settings;
    public final Wiring wiring;

    public TestStack() {
        this(Map.of());
    }

    public TestStack(Map<String, String> overrides) {
        this(overrides, null);
    }

    /** @param model replaces the configured model (null: the configured one) */
    public TestStack(Map<String, String> overrides, org.ibal.functions.domain.port.ChatModel model) {
        this(overrides, model, null);
    }

    /**
     * @param asyncInvoker where {@code REPLY_MODE=async} hands reply jobs (null: replies stream inline); the
     *                     settings come from {@code overrides} (REPLY_MODE, STREAM_COALESCE_MS, STOP_POLL_MS, …)
     */
    public TestStack(
            Map<String, String> overrides,
            org.ibal.functions.domain.port.ChatModel model,
            org.ibal.functions.domain.port.AsyncInvoker asyncInvoker) {
        this(overrides, model, asyncInvoker, DynamoDbLocal.newTable());
    }

    private TestStack(
            Map<String, String> overrides,
            org.ibal.functions.domain.port.ChatModel model,
            org.ibal.functions.domain.port.AsyncInvoker asyncInvoker,
            String table) {
        this.table = table;
        this.overrides = Map.copyOf(overrides);
        this.model = model;
        this.asyncInvoker = asyncInvoker;
        Map<String, String> values = new HashMap<>();
        values.put("TABLE_NAME", table);
        values.put("BCRYPT_COST", "4");
        values.put("MANAGEMENT_API_ENDPOINT", PUSH_ENDPOINT);
        values.putAll(overrides);
        this.settings = IbalSettings.from(values::get);
        this.wiring = new Wiring(
                settings,
                DynamoDbLocal.client(dynamoCalls, outage),
                signingKey,
                clock,
                connections -> pusher,
                model != null ? model : new DemoChatModel(settings.demoModelDelay()),
                ReplySettings.from(values::get),
                asyncInvoker,
                OpenEdxSettings.from(name -> null),
                invites);
    }

    private final Map<String, String> overrides;
    private final org.ibal.functions.domain.port.ChatModel model;
    private final org.ibal.functions.domain.port.AsyncInvoker asyncInvoker;

    /**
     * Another instance of the functions on this stack's table, with the same settings and signing key, its own
     * pusher and its own in-process state (a second Lambda container, a second gateway replica).
     */
    public TestStack sameTableInstance() {
        return new TestStack(overrides, model, asyncInvoker, table);
    }

    /** Invite codes this stack accepts when {@code REGISTRATION_POLICY=invite}: each once (besides the classes'). */
    public final java.util.Set<String> inviteCodes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final org.ibal.functions.domain.port.Invites invites = new org.ibal.functions.domain.port.Invites() {
        /** The classes' own invites, as production wires them (made on use: this runs before the constructor). */
        private org.ibal.functions.adapter.dynamo.DynamoInvites classInvites() {
            return new org.ibal.functions.adapter.dynamo.DynamoInvites(
                    new org.ibal.functions.adapter.dynamo.DynamoClassStore(DynamoDbLocal.client(), table));
        }

        @Override
        public java.util.Optional<Invite> redeem(String code, String username, Instant now) {
            return inviteCodes.remove(code)
                    ? java.util.Optional.of(new Invite(code))
                    : classInvites().redeem(code, username, now);
        }

        @Override
        public void enrol(Invite invite, String userId, String username, Instant now) {
            classInvites().enrol(invite, userId, username, now);
        }

        @Override
        public void giveBack(Invite invite) {
            classInvites().giveBack(invite);
        }
    };

    public record HttpResult(int status, JsonNode body, Map<String, String> headers) {}

    public HttpResult http(String method, String path, String bearer, String body) {
        return http(method, path, bearer, body, Map.of());
    }

    public HttpResult http(String method, String path, String bearer, String body, Map<String, String> query) {
        return http(method, path, bearer, body, query, HTTP_SOURCE_IP);
    }

    /** A request from the client address {@code sourceIp}. */
    public HttpResult http(
            String method, String path, String bearer, String body, Map<String, String> query, String sourceIp) {
        Map<String, String> headers = bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer);
        APIGatewayV2HTTPResponse response = wiring.httpApiHandler()
                .apply(Events.httpEvent(Events.http(method, path, headers, query, body, sourceIp)));
        boolean isJson = response.getHeaders() != null
                && String.valueOf(response.getHeaders().get("content-type")).startsWith("application/json");
        JsonNode json = response.getBody() == null || !isJson ? null : Json.MAPPER.readTree(response.getBody());
        return new HttpResult(response.getStatusCode(), json, response.getHeaders());
    }

    /** Registers a fresh user; returns the Tokens JSON. */
    public JsonNode register(String usernamePrefix) {
        String username = (usernamePrefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        HttpResult result = http(
                "POST",
                "/api/auth/register",
                null,
                Json.write(Json.object()
                        .put("username", username)
                        .put("password", "correct horse battery")
                        .put("displayName", "User " + usernamePrefix)));
        assertThat(result.status())
                .as("register %s: %s", username, result.body())
                .isEqualTo(201);
        return result.body();
    }

    public int connect(String connectionId, Map<String, String> query) {
        return connect(connectionId, query, "198.51.100." + (connectionId.hashCode() & 0x7f));
    }

    public int connect(String connectionId, Map<String, String> query, String sourceIp) {
        return wiring.connectHandler()
                .apply(Events.webSocketEvent(Events.connect(connectionId, query, sourceIp, DOMAIN, STAGE)))
                .getStatusCode();
    }

    /** Opens a connection with the access token; returns its id. */
    public String connectAs(JsonNode tokens) {
        String connectionId = newConnectionId();
        assertThat(connect(
                        connectionId, Map.of("token", tokens.get("accessToken").asString())))
                .isEqualTo(200);
        return connectionId;
    }

    /** Sends a frame on the connection; returns the frames pushed back, in order. */
    public List<JsonNode> send(String connectionId, String body) {
        sendOnly(connectionId, body, null);
        return pusher.drain(connectionId);
    }

    /**
     * Sends a frame as an invocation Lambda invoked as {@code invokedFunction} (null: no context); the frames stay
     * in the pusher.
     */
    public void sendOnly(String connectionId, String body, String invokedFunction) {
        String routeKey = routeKey(body);
        int status = wiring.chatHandler()
                .handle(
                        Events.webSocketEvent(Events.message(connectionId, routeKey, body, DOMAIN, STAGE)),
                        invokedFunction)
                .getStatusCode();
        assertThat(status).as("message routes always answer 200").isEqualTo(200);
    }

    public static String newConnectionId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
    }

    /** Every item of this stack's table. */
    public List<Map<String, AttributeValue>> items() {
        return DynamoDbLocal.client().scanPaginator(b -> b.tableName(table)).items().stream()
                .toList();
    }

    /** Items whose partition key starts with the prefix (e.g. {@code SESSION#}, {@code CONN#}). */
    public List<Map<String, AttributeValue>> items(String pkPrefix) {
        return items().stream()
                .filter(i -> i.get("pk").s().startsWith(pkPrefix))
                .toList();
    }

    private static String routeKey(String body) {
        try {
            JsonNode action = Json.MAPPER.readTree(body).get("action");
            return action != null
                            && List.of("hello", "sendMessage", "stop", "ping").contains(action.asString())
                    ? action.asString()
                    : "$default";
        } catch (RuntimeException notJson) {
            return "$default";
        }
    }
}
