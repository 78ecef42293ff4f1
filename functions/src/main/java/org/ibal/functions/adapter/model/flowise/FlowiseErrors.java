package org.ibal.functions.adapter.model.flowise;

import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;

/**
 * Flowise's failures as {@link ModelFailure}s. Flowise 3.x wraps a bad chatflow API key as HTTP 500
 * "Error: predictionsServices.buildChatflow - Unauthorized" (JSON) or, once streaming started, as an {@code error}
 * event with that text inside the 200 stream — both are read as the refusal they are.
 */
final class FlowiseErrors {
    private static final int MESSAGE_CHARS = 300;

    private FlowiseErrors() {}

    static ModelFailure forStatus(int status, String body, String chatflowId) {
        String message = ModelJson.errorMessage(body, MESSAGE_CHARS);
        String detail = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (status == 401 || status == 403 || isUnauthorized(message)) {
            return badKey(detail);
        }
        if (status == 404) {
            return new ModelFailure(
                    Kind.REJECTED,
                    "Flowise has no chatflow " + chatflowId + " (" + detail
                            + "): check FLOWISE_CHATFLOW_ID or the course block's chatflow");
        }
        if (status == 429) {
            return new ModelFailure(
                    Kind.RATE_LIMITED, "Flowise is rate-limiting chatflow " + chatflowId + " (" + detail + ")");
        }
        if (status >= 500) {
            return new ModelFailure(Kind.SERVER_ERROR, "Flowise failed (" + detail + ")");
        }
        return new ModelFailure(Kind.REJECTED, "Flowise rejected the request (" + detail + ")");
    }

    /** An {@code error} event inside a 200 stream: the flow failed (its LLM, a tool, the key check). */
    static ModelFailure forErrorEvent(String message) {
        String text = ModelJson.errorMessage(message, MESSAGE_CHARS);
        if (isUnauthorized(text)) {
            return badKey("error event: " + text);
        }
        return new ModelFailure(Kind.SERVER_ERROR, "Flowise reported an error: " + text);
    }

    private static ModelFailure badKey(String detail) {
        return new ModelFailure(
                Kind.REJECTED,
                "Flowise refused the chatflow API key (" + detail
                        + "): check FLOWISE_API_KEY / FLOWISE_API_KEY_PARAMETER");
    }

    private static boolean isUnauthorized(String message) {
        return message.endsWith("Unauthorized") || message.equals("Unauthorized Access");
    }
}
