package org.ibal.functions.adapter.model.openai;

import java.net.URI;

/**
 * An OpenAI-compatible chat completions endpoint (OpenAI, vLLM, Ollama, LiteLLM, …).
 *
 * @param baseUrl            up to and including the version, e.g. {@code https://api.openai.com/v1}
 * @param apiKey             null when the server needs none; never logged
 * @param systemPrompt       the instructions; the course context is appended to it
 * @param historyTokenBudget how many (estimated) tokens of earlier messages to send
 */
public record OpenAiConfig(URI baseUrl, String model, String apiKey, String systemPrompt, int historyTokenBudget) {
    public static final String DEFAULT_SYSTEM_PROMPT = "You are IBAL, a patient teaching assistant. Answer the "
            + "learner's question clearly and briefly, and help them think rather than doing their work for them.";

    public OpenAiConfig {
        if (baseUrl == null) {
            throw new IllegalArgumentException("OPENAI_BASE_URL is required for MODEL_PROVIDER openai");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("OPENAI_MODEL is required for MODEL_PROVIDER openai");
        }
        if (historyTokenBudget < 0) {
            throw new IllegalArgumentException("OPENAI_HISTORY_TOKEN_BUDGET must not be negative");
        }
        String text = baseUrl.toString();
        baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? DEFAULT_SYSTEM_PROMPT : systemPrompt.strip();
    }

    @Override
    public String toString() {
        return "OpenAiConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", historyTokenBudget=" + historyTokenBudget + "]";
    }
}
