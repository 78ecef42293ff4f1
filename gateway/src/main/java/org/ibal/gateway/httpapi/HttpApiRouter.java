package org.ibal.gateway.httpapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.template.HttpApiSpec;

/**
 * Matches a request to an HTTP API route the way API Gateway does: the most specific route wins —
 * more literal segments first, a greedy {@code {proxy+}} last, a named method before {@code ANY} —
 * and {@code $default} catches the rest.
 */
final class HttpApiRouter {
    record Match(HttpApiSpec.Route route, Map<String, String> pathParameters) {}

    private final List<HttpApiSpec.Route> routes;
    private final HttpApiSpec.Route fallback;

    HttpApiRouter(List<HttpApiSpec.Route> routes) {
        List<HttpApiSpec.Route> sorted = new ArrayList<>(
                routes.stream().filter(r -> !r.path().equals("$default")).toList());
        sorted.sort(Comparator.comparingInt((HttpApiSpec.Route r) -> -literalSegments(r.path()))
                .thenComparing(r -> r.path().contains("+}"))
                .thenComparing(r -> r.method().equals("ANY")));
        this.routes = sorted;
        this.fallback = routes.stream()
                .filter(r -> r.path().equals("$default"))
                .findFirst()
                .orElse(null);
    }

    /** The route for this request, or null (API Gateway answers 404 Not Found). */
    Match match(String method, String path) {
        for (HttpApiSpec.Route route : routes) {
            if (!route.method().equals("ANY") && !route.method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = parameters(route.path(), path);
            if (parameters != null) {
                return new Match(route, parameters);
            }
        }
        return fallback == null ? null : new Match(fallback, Map.of());
    }

    /** True when some route has this path for another method (so OPTIONS and friends can be told apart). */
    boolean anyPathMatches(String path) {
        return routes.stream().anyMatch(route -> parameters(route.path(), path) != null);
    }

    private static Map<String, String> parameters(String template, String path) {
        String[] want = split(template);
        String[] have = split(path);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String segment = want[i];
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i >= have.length) {
                    return null;
                }
                parameters.put(
                        segment.substring(1, segment.length() - 2),
                        String.join("/", List.of(have).subList(i, have.length)));
                return parameters;
            }
            if (i >= have.length) {
                return null;
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                parameters.put(segment.substring(1, segment.length() - 1), have[i]);
            } else if (!segment.equals(have[i])) {
                return null;
            }
        }
        return want.length == have.length ? parameters : null;
    }

    private static int literalSegments(String template) {
        int count = 0;
        for (String segment : split(template)) {
            if (!segment.startsWith("{")) {
                count++;
            }
        }
        return count;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
