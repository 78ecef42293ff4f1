package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;

/**
 * Where every frame is pushed: the Management API endpoint the deployment configured ({@code MANAGEMENT_API_ENDPOINT},
 * e.g. {@code https://{api id}.execute-api.{region}.amazonaws.com/{stage}}, or the gateway's internal URL and stage).
 * Never a host an event names: an event's {@code domainName} is whatever its sender wrote.
 */
public final class PushEndpoint {
    private final String configured;

    /** @param configured {@code MANAGEMENT_API_ENDPOINT}, or null (then every push fails, saying so) */
    public PushEndpoint(String configured) {
        this.configured = configured;
    }

    /** @throws IllegalStateException when no endpoint is configured */
    String forEvent(APIGatewayV2WebSocketEvent event) {
        if (configured == null) {
            throw new IllegalStateException("MANAGEMENT_API_ENDPOINT is not set: the chat function cannot push frames");
        }
        return configured;
    }
}
