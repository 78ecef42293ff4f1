package org.ibal.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.ibal.gateway.GatewayConfig.Limits;
import org.ibal.gateway.Ids;
import org.ibal.gateway.Json;
import org.ibal.gateway.lambda.FunctionRuntime;
import org.ibal.gateway.lambda.Outcome;
import org.ibal.gateway.template.WebSocketSpec;
import org.ibal.gateway.web.Forwarding;
import org.ibal.gateway.web.TrustedProxies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API: runs {@code $connect} during the upgrade (accepting on 2xx), routes each message
 * by the route selection expression, runs {@code $disconnect} after the close, and enforces API
 * Gateway's limits.
 */
public final class WebSocketApi implements WebSocketCreator {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketApi.class);

    private final WebSocketSpec spec;
    private final FunctionRuntime runtime;
    private final Limits limits;
    private final String instanceTag;
    private final WebSocketEvents events;
    private final RouteSelector selector;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("route-", 0).factory());
    /** Connection lifetimes, and the grace given to a connection closed for misbehaving. */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("connection-timers").factory());

    private final AtomicInteger pendingDisconnects = new AtomicInteger();

    private final TrustedProxies proxies;

    /**
     * @param domainName what events carry as {@code requestContext.domainName}: this replica's internal authority, where
     *                   functions that still build their push endpoint from the event reach its {@code @connections}
     */
    public WebSocketApi(
            WebSocketSpec spec,
            FunctionRuntime runtime,
            Limits limits,
            String instanceTag,
            String domainName,
            TrustedProxies proxies) {
        this.spec = spec;
        this.runtime = runtime;
        this.limits = limits;
        this.instanceTag = instanceTag;
        this.proxies = proxies;
        this.events = new WebSocketEvents(new EventContext(spec.apiId(), spec.stage(), domainName));
        this.selector = new RouteSelector(spec.routeSelectionExpression(), spec.routes());
    }

    public String path() {
        return "/" + spec.stage();
    }

    public ConnectionRegistry connections() {
        return registry;
    }

    /** Maps the stage path and applies the message, frame and idle limits to every connection. */
    public void configure(ServerWebSocketContainer container) {
        container.setMaxTextMessageSize(limits.maxMessageBytes());
        container.setMaxBinaryMessageSize(limits.maxMessageBytes());
        container.setMaxFrameSize(limits.maxFrameBytes());
        container.setAutoFragment(false); // else Jetty splits an oversized frame instead of refusing it
        container.setIdleTimeout(limits.idleTimeout());
        container.addMapping(path(), this);
    }

    @Override
    public Object createWebSocket(
            ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        try {
            return connect(request, response, callback);
        } catch (RuntimeException e) {
            // never log the request: its query string carries tokens
            LOG.error("$connect failed in the gateway", e);
            refuse(response, callback, 500, "{\"message\":\"Internal server error\"}");
            return null;
        }
    }

    private Object connect(
            ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
        Forwarding forwarding = Forwarding.of(request, proxies);
        Connection connection = new Connection(
                Ids.connectionId(instanceTag),
                System.currentTimeMillis(),
                forwarding.sourceIp(),
                userAgent,
                request.getHeaders().get(HttpHeader.HOST),
                limits.maxFrameBytes(),
                limits.sendBufferBytes(),
                new InboundRate(limits.messagesPerSecond(), limits.messageBurst(), System::nanoTime),
                timers);
        WebSocketSpec.Route route = spec.routes().get("$connect");
        if (route == null) {
            return new ConnectionEndpoint(connection, this);
        }
        String requestId = Ids.requestId();
        byte[] event = events.connect(request, connection, requestId, forwarding);
        Outcome outcome = runtime.invoke(route.functionId(), event, requestId, limits.integrationTimeout());
        switch (outcome) {
            case Outcome.Success success -> {
                JsonNode answer = Json.parseOrNull(success.response());
                int status = answer != null && answer.has("statusCode")
                        ? answer.get("statusCode").asInt()
                        : 200;
                if (status < 200 || status > 299) {
                    String body = answer != null && answer.hasNonNull("body")
                            ? answer.get("body").asText()
                            : "";
                    refuse(response, callback, status, body);
                    return null;
                }
                String protocol = header(answer, "Sec-WebSocket-Protocol");
                if (protocol != null) {
                    response.setAcceptedSubProtocol(protocol);
                }
                return new ConnectionEndpoint(connection, this);
            }
            case Outcome.Failed failed -> {
                refuse(response, callback, 500, "{\"message\":\"Internal server error\"}");
                return null;
            }
            case Outcome.TimedOut timedOut -> {
                refuse(response, callback, 504, "{\"message\":\"Endpoint request timed out\"}");
                return null;
            }
        }
    }

    private static String header(JsonNode answer, String name) {
        if (answer == null || !answer.path("headers").isObject()) {
            return null;
        }
        for (var fields = answer.get("headers").fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return null;
    }

    private static void refuse(
            ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    void opened(Connection connection, Session session) {
        long lifetime = limits.connectionLifetime().toMillis();
        connection.attach(
                session,
                timers.schedule(
                        () -> connection.close(StatusCode.SHUTDOWN, "Going away"), lifetime, TimeUnit.MILLISECONDS));
        registry.add(connection);
    }

    /**
     * A frame arrived: routed if the connection's token bucket allows it; otherwise dropped (the client hears so at most
     * once a second), and a sustained flood closes the connection.
     *
     * @return false when the frame was not routed (the caller need not even read it)
     */
    boolean admit(Connection connection) {
        switch (connection.inbound().admit()) {
            case ROUTE -> {
                return true;
            }
            case THROTTLE_AND_ANSWER ->
                connection.send(ApiGatewayFrames.tooManyRequests(connection.id(), Ids.requestId()));
            case THROTTLE -> {}
            case CLOSE -> {
                if (connection.closeForMisbehaving(StatusCode.POLICY_VIOLATION, "Policy Violation: message rate")) {
                    LOG.warn(
                            "closed connection {} with 1008 (message rate): more than {} x {} frames a second for {} s",
                            connection.id(),
                            InboundRate.FLOOD_FACTOR,
                            limits.messagesPerSecond(),
                            InboundRate.FLOOD_SECONDS);
                }
            }
        }
        return false;
    }

    void received(Connection connection, byte[] body, boolean binary) {
        calls.execute(() -> route(connection, body, binary));
    }

    private void route(Connection connection, byte[] body, boolean binary) {
        String requestId = Ids.requestId();
        WebSocketSpec.Route route =
                binary ? spec.routes().get("$default") : selector.select(new String(body, StandardCharsets.UTF_8));
        if (route == null) {
            connection.send(ApiGatewayFrames.forbidden(connection.id(), requestId));
            return;
        }
        byte[] event = events.message(connection, route.routeKey(), body, binary, requestId);
        Outcome outcome = runtime.invoke(route.functionId(), event, requestId, limits.integrationTimeout());
        switch (outcome) {
            case Outcome.Success success -> {
                if (route.relayResponse()) {
                    JsonNode answer = Json.parseOrNull(success.response());
                    if (answer != null && answer.hasNonNull("body")) {
                        connection.send(answer.get("body").asText());
                    }
                }
            }
            case Outcome.Failed failed ->
                connection.send(ApiGatewayFrames.internalServerError(connection.id(), requestId));
            case Outcome.TimedOut timedOut -> connection.send(ApiGatewayFrames.timedOut(connection.id(), requestId));
        }
    }

    void closed(Connection connection, int statusCode, String reason) {
        registry.remove(connection);
        connection.detach();
        WebSocketSpec.Route route = spec.routes().get("$disconnect");
        if (route == null) {
            return;
        }
        pendingDisconnects.incrementAndGet();
        calls.execute(() -> {
            try {
                String requestId = Ids.requestId();
                runtime.invoke(
                        route.functionId(),
                        events.disconnect(connection, statusCode, reason, requestId),
                        requestId,
                        limits.integrationTimeout());
            } finally {
                pendingDisconnects.decrementAndGet();
            }
        });
    }

    /** Closes every connection with 1001 and waits (up to {@code grace}) for their $disconnect calls. */
    public void shutdown(Duration grace) {
        for (Connection connection : registry.all()) {
            connection.close(StatusCode.SHUTDOWN, "Going away");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while ((registry.size() > 0 || pendingDisconnects.get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timers.shutdownNow();
        calls.shutdown();
    }
}
