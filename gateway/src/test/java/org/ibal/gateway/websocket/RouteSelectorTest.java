package org.ibal.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.ibal.gateway.template.WebSocketSpec.Route;
import org.junit.jupiter.api.Test;

class RouteSelectorTest {
    private static final Route HELLO = new Route("hello", "Chat", false);
    private static final Route DEFAULT = new Route("$default", "Chat", false);
    private static final Route NESTED = new Route("create", "Admin", false);

    @Test
    void selectsByTheExpressionsPath_fallingBackToDefault() {
        RouteSelector selector = new RouteSelector("$request.body.action", Map.of("hello", HELLO, "$default", DEFAULT));
        assertThat(selector.select("{\"action\":\"hello\"}")).isEqualTo(HELLO);
        assertThat(selector.select("{\"action\":\"other\"}")).isEqualTo(DEFAULT);
        assertThat(selector.select("{\"action\":{\"x\":1}}")).isEqualTo(DEFAULT);
        assertThat(selector.select("[1,2]")).isEqualTo(DEFAULT);
        assertThat(selector.select("plain text")).isEqualTo(DEFAULT);
        assertThat(selector.select("{\"action\":\"$connect\"}")).isEqualTo(DEFAULT);
    }

    @Test
    void nestedPaths_andTheBracedSpelling_work() {
        RouteSelector selector = new RouteSelector("${request.body.meta.op}", Map.of("create", NESTED));
        assertThat(selector.select("{\"meta\":{\"op\":\"create\"}}")).isEqualTo(NESTED);
    }

    @Test
    void withoutDefault_anUnmatchedMessageHasNoRoute() {
        RouteSelector selector = new RouteSelector("$request.body.action", Map.of("hello", HELLO));
        assertThat(selector.select("{\"action\":\"nope\"}")).isNull();
    }

    @Test
    void otherExpressions_areRefusedClearly() {
        assertThatThrownBy(() -> new RouteSelector("$request.header.x", Map.of()))
                .hasMessageContaining("$request.body.<path>");
    }
}
