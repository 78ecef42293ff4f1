package org.ibal.functions.adapter.model.flowise;

import java.net.URI;

/**
 * Where Flowise is and how to call it.
 *
 * @param baseUrl           e.g. {@code https://flowise.example.edu} (a trailing slash is fine)
 * @param defaultChatflowId used when the request's course names no chatflow; may be null if every course does
 * @param apiKey            the chatflow API key, null when Flowise needs none; never logged
 */
public record FlowiseConfig(URI baseUrl, String defaultChatflowId, String apiKey) {
    public FlowiseConfig {
        if (baseUrl == null) {
            throw new IllegalArgumentException("FLOWISE_URL is required for MODEL_PROVIDER flowise");
        }
        String text = baseUrl.toString();
        baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    @Override
    public String toString() {
        return "FlowiseConfig[baseUrl=" + baseUrl + ", defaultChatflowId=" + defaultChatflowId + ", apiKey="
                + (apiKey == null ? "none" : "***") + "]";
    }
}
