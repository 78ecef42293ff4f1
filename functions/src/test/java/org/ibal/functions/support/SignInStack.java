package org.ibal.functions.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.adapter.token.NimbusTokenService;
import org.ibal.functions.config.IbalSettings;
import org.ibal.functions.config.OpenEdxSettings;
import org.ibal.functions.config.ReplySettings;
import org.ibal.functions.config.Wiring;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.handler.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The functions wired as in production with Open edX sign-in configured, against their own DynamoDB Local table.
 * HTTP API events come from the shared fixture, whose API is {@link #API} over https.
 */
public final class SignInStack {
    public static final String API = "https://qwerty5678.execute-api.eu-west-1.amazonaws.com";
    public static final String CALLBACK_URL = API + "/api/oauth/openedx/callback";
    public static final String LMS_ORIGIN = "https://lms.example.edu";

    public final MutableClock clock;
    public final ECKey signingKey = TestKeys.ecKey("signin-key");
    public final String table = DynamoDbLocal.newTable();
    public final IbalSettings settings;
    public final Wiring wiring;

    public SignInStack(MutableClock clock, Map<String, String> env, Duration lmsTimeout) {
        this.clock = clock;
        Map<String, String> values = new HashMap<>(env);
        values.put("TABLE_NAME", table);
        values.put("BCRYPT_COST", "4");
        this.settings = IbalSettings.from(values::get);
        this.wiring = new Wiring(
                settings,
                DynamoDbLocal.client(),
                signingKey,
                clock,
                connections -> new RecordingPusher(),
                new DemoChatModel(Duration.ZERO),
                ReplySettings.from(name -> null),
                null,
                OpenEdxSettings.from(values::get).withLmsTimeout(lmsTimeout));
    }

    public static MutableClock newClock() {
        return new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    }

    public record Response(int status, Map<String, String> headers, List<String> cookies, String body) {
        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        public String header(String name) {
            return headers == null ? null : headers.get(name);
        }

        /** The result block of the sign-in page: {@code {"targetOrigin","message"}}, or {} when nothing is posted. */
        public JsonNode pageResult() {
            Matcher m = Pattern.compile(
                            "<script type=\"application/json\" id=\"ibal-result\">(.*?)</script>", Pattern.DOTALL)
                    .matcher(body);
            if (!m.find()) {
                throw new AssertionError("no result block in the page:\n" + body);
            }
            return Json.MAPPER.readTree(m.group(1));
        }
    }

    public Response get(String path, Map<String, String> query, List<String> cookies) {
        return send("GET", path, query, cookies, null);
    }

    public Response post(String path, String body) {
        return send("POST", path, Map.of(), List.of(), body);
    }

    public Response send(String method, String path, Map<String, String> query, List<String> cookies, String body) {
        return send(method, path, query, cookies, body, UnaryOperator.identity());
    }

    /** As the local gateway sends it: {@code domainName} is the Host header, and no {@code x-forwarded-proto}. */
    public Response getOnLocalGateway(
            String hostAndPort, String path, Map<String, String> query, List<String> cookies) {
        return send("GET", path, query, cookies, null, event -> {
            ((ObjectNode) event.get("headers")).remove("x-forwarded-proto");
            ((ObjectNode) event.get("headers")).put("host", hostAndPort);
            ((ObjectNode) event.get("requestContext")).put("domainName", hostAndPort);
            return event;
        });
    }

    private Response send(
            String method,
            String path,
            Map<String, String> query,
            List<String> cookies,
            String body,
            UnaryOperator<ObjectNode> change) {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Events.http(method, path, Map.of(), query, body));
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        event = change.apply(event);
        APIGatewayV2HTTPResponse response = wiring.httpApiHandler().apply(Events.httpEvent(Json.write(event)));
        return new Response(
                response.getStatusCode(),
                response.getHeaders(),
                response.getCookies() == null ? List.of() : response.getCookies(),
                response.getBody());
    }

    /** Verifies an access token exactly as the WebSocket $connect does. */
    public Principal verify(String accessToken) {
        return new NimbusTokenService(
                        signingKey, settings.jwtIssuer(), settings.jwtAudience(), settings.accessTokenTtl(), clock)
                .verify(accessToken);
    }

    public List<Map<String, AttributeValue>> items(String pkPrefix) {
        return DynamoDbLocal.client().scanPaginator(b -> b.tableName(table)).items().stream()
                .filter(i -> i.get("pk").s().startsWith(pkPrefix))
                .toList();
    }
}
