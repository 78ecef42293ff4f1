package org.ibal.functions.adapter.model.openai;

import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.adapter.model.ModelJson;
import tools.jackson.databind.JsonNode;

/** OpenAI-compatible failures ({@code {"error":{"message","type","code"}}} with a non-2xx status) as {@link ModelFailure}s. */
final class OpenAiErrors {
    private static final int MESSAGE_CHARS = 300;

    private OpenAiErrors() {}

    static ModelFailure forStatus(int status, String body, OpenAiConfig config) {
        String message = ModelJson.errorMessage(body, MESSAGE_CHARS);
        String detail = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (status == 401 || status == 403) {
            return new ModelFailure(
                    Kind.REJECTED,
                    "the model server refused the API key (" + detail
                            + "): check OPENAI_API_KEY / OPENAI_API_KEY_PARAMETER");
        }
        if (status == 404) {
            return new ModelFailure(
                    Kind.REJECTED,
                    "the model server knows no model " + config.model() + " at " + config.baseUrl() + " (" + detail
                            + "): check OPENAI_BASE_URL and OPENAI_MODEL");
        }
        if (status == 429) {
            // OpenAI answers 429 for an exhausted quota too, which waiting does not fix.
            return isQuotaExhausted(body)
                    ? new ModelFailure(Kind.REJECTED, "the model account's quota is exhausted (" + detail + ")")
                    : new ModelFailure(Kind.RATE_LIMITED, "the model server is rate-limiting (" + detail + ")");
        }
        if (status >= 500) {
            return new ModelFailure(Kind.SERVER_ERROR, "the model server failed (" + detail + ")");
        }
        return new ModelFailure(Kind.REJECTED, "the model server rejected the request (" + detail + ")");
    }

    /** An {@code error} object inside a 200 stream (vLLM and LiteLLM send these when generation fails midway). */
    static ModelFailure forStreamError(JsonNode error) {
        String message = error.isString() ? error.asString() : ModelJson.text(error, "message");
        return new ModelFailure(
                Kind.SERVER_ERROR,
                "the model server reported an error: "
                        + ModelJson.errorMessage(message == null ? error.toString() : message, MESSAGE_CHARS));
    }

    private static boolean isQuotaExhausted(String body) {
        JsonNode error = ModelJson.parseLenient(body).path("error");
        return "insufficient_quota".equals(ModelJson.text(error, "code"))
                || "insufficient_quota".equals(ModelJson.text(error, "type"));
    }
}
