package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import org.ibal.functions.domain.Page;
import org.ibal.functions.handler.ErrorMapping;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

final class HttpResponses {
    private static final Map<String, String> JSON =
            Map.of("content-type", "application/json", "cache-control", "no-store");

    private HttpResponses() {}

    static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON)
                .withBody(Json.write(body))
                .build();
    }

    /** A download: CSV and the like, with the name a browser saves it under. */
    static APIGatewayV2HTTPResponse download(String contentType, String fileName, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of(
                        "content-type",
                        contentType,
                        "cache-control",
                        "no-store",
                        "content-disposition",
                        "attachment; filename=\"" + fileName + "\""))
                .withBody(body)
                .build();
    }

    static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(204)
                .withHeaders(Map.of("cache-control", "no-store"))
                .build();
    }

    static APIGatewayV2HTTPResponse error(ErrorMapping.HttpError error) {
        return error(error.status(), error.code(), error.message());
    }

    static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return json(status, body);
    }

    static <T> ObjectNode page(Page<T> page, java.util.function.Function<T, ObjectNode> render) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(item -> items.add(render.apply(item)));
        if (page.nextCursor() == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", page.nextCursor());
        }
        return body;
    }
}
