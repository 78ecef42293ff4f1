package org.ibal.functions.adapter.model.flowise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ibal.functions.adapter.model.ModelJson;
import org.ibal.functions.domain.Source;
import tools.jackson.databind.JsonNode;

/** Reads the parts of a Flowise answer that are more than text, in the shapes Flowise really sends them. */
final class FlowiseAnswers {
    private static final int SNIPPET_CHARS = 280;

    private FlowiseAnswers() {}

    /**
     * LangChain documents ({@code pageContent}, {@code metadata.title/url/source}) as sources, duplicates (the same
     * document retrieved as several chunks) once.
     */
    static List<Source> sources(JsonNode documents) {
        JsonNode array = unwrapString(documents);
        List<Source> sources = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return sources;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode document : array) {
            JsonNode metadata = document.get("metadata");
            String sourceField = ModelJson.text(metadata, "source");
            String url = firstNonBlank(ModelJson.text(metadata, "url"), isWebAddress(sourceField) ? sourceField : null);
            String title = firstNonBlank(ModelJson.text(metadata, "title"), sourceField, url);
            String snippet = snippet(ModelJson.text(document, "pageContent"));
            if (title == null && url == null && snippet == null) {
                continue;
            }
            if (seen.add(title + "\u0000" + url)) {
                sources.add(new Source(title, url, snippet));
            }
        }
        return sources;
    }

    /**
     * Follow-up prompts: a JSON array of strings, which Flowise may hand over as a string holding that array —
     * even twice encoded ({@code buildChatflow} stringifies an already stringified value).
     */
    static List<String> followUps(JsonNode prompts) {
        JsonNode array = unwrapString(prompts);
        List<String> followUps = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return followUps;
        }
        for (JsonNode prompt : array) {
            if (prompt.isString() && !prompt.asString().isBlank()) {
                followUps.add(prompt.asString().strip());
            }
        }
        return followUps;
    }

    private static JsonNode unwrapString(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 3 && current != null && current.isString(); depth++) {
            current = ModelJson.parseLenient(current.asString());
        }
        return current;
    }

    private static String snippet(String pageContent) {
        if (pageContent == null || pageContent.isBlank()) {
            return null;
        }
        String oneLine = pageContent.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SNIPPET_CHARS ? oneLine : oneLine.substring(0, SNIPPET_CHARS - 1) + "…";
    }

    private static boolean isWebAddress(String value) {
        return value != null && (value.startsWith("https://") || value.startsWith("http://"));
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
