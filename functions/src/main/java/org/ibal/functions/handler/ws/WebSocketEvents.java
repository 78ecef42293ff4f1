package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;

/** Reading API Gateway WebSocket events and writing route responses. */
final class WebSocketEvents {
    private WebSocketEvents() {}

    static String connectionId(APIGatewayV2WebSocketEvent event) {
        return event.getRequestContext() == null
                ? null
                : event.getRequestContext().getConnectionId();
    }

    static String requestId(APIGatewayV2WebSocketEvent event) {
        return event.getRequestContext() == null
                ? null
                : event.getRequestContext().getRequestId();
    }

    static String sourceIp(APIGatewayV2WebSocketEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getIdentity() == null
                ? null
                : context.getIdentity().getSourceIp();
    }

    static String query(APIGatewayV2WebSocketEvent event, String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get(name);
    }

    static APIGatewayV2WebSocketResponse status(int statusCode) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
