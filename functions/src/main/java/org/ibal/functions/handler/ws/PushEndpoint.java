package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;

/**
 * Where every frame is pushed: the Management API endpoint the deployment configured ({@code MANAGEMENT_API_ENDPOINT},
 * e.g. {@code https://{api id}.execute-api.{region}.amazonaws.com/{stage}}, or the gateway's internal URL and stage).
 * Never a host an event names: an event's {@code domainName} is whatever its sender wrote.
 */
public final class PushEndpoint {
    private final String configured;
    private final String legacyScheme;

    /**
     * @param configured   {@code MANAGEMENT_API_ENDPOINT}, or null
     * @param legacyScheme {@code MANAGEMENT_API_SCHEME}, or null; see {@link #forEvent}
     */
    public PushEndpoint(String configured, String legacyScheme) {
        this.configured = configured;
        this.legacyScheme = legacyScheme;
    }

    /** @throws IllegalStateException when no endpoint is configured */
    String forEvent(APIGatewayV2WebSocketEvent event) {
        // TODO(issue 9 contract, MANAGEMENT_API_ENDPOINT): remove this branch and MANAGEMENT_API_SCHEME once the
        // gateway provides MANAGEMENT_API_ENDPOINT. Until both branches are merged, today's gateway sets only
        // MANAGEMENT_API_SCHEME=http (and template.yaml's MANAGEMENT_API_ENDPOINT resolves to an AWS host there),
        // so its functions keep pushing to the host its own events name.
        if (legacyScheme != null) {
            var context = event.getRequestContext();
            return legacyScheme + "://" + context.getDomainName() + "/" + context.getStage();
        }
        if (configured == null) {
            throw new IllegalStateException("MANAGEMENT_API_ENDPOINT is not set: the chat function cannot push frames");
        }
        return configured;
    }
}
