package org.ibal.functions.adapter.model.openai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.ibal.functions.adapter.model.ModelJson;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code messages} of a chat completion: the system prompt with the course context, as much recent history as
 * the token budget allows (newest kept, never a partial message), then the question. OpenAI-compatible servers
 * keep no memory between calls, so the history is how a conversation continues.
 */
final class OpenAiMessages {
    /** The usual rough estimate for English text; a budget, not a tokenizer. */
    static final int CHARS_PER_TOKEN = 4;
    /** Role and framing tokens each message costs on top of its content. */
    static final int TOKENS_PER_MESSAGE = 4;

    private OpenAiMessages() {}

    static ArrayNode build(ModelRequest request, OpenAiConfig config) {
        ArrayNode messages = ModelJson.MAPPER.createArrayNode();
        messages.add(message("system", systemPrompt(config.systemPrompt(), request.course())));
        for (ChatMessage earlier : recentHistory(request.history(), config.historyTokenBudget())) {
            messages.add(message(earlier.role() == ChatMessage.Role.USER ? "user" : "assistant", earlier.content()));
        }
        messages.add(message("user", request.question()));
        return messages;
    }

    /** The newest messages (oldest first) whose estimated tokens fit in {@code budget}. */
    static List<ChatMessage> recentHistory(List<ChatMessage> history, int budget) {
        Deque<ChatMessage> kept = new ArrayDeque<>();
        int used = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            ChatMessage message = history.get(i);
            if (message.content() == null || message.content().isBlank()) {
                continue;
            }
            int cost = estimateTokens(message.content());
            if (used + cost > budget) {
                break;
            }
            used += cost;
            kept.addFirst(message);
        }
        return List.copyOf(kept);
    }

    static int estimateTokens(String content) {
        return (content.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + TOKENS_PER_MESSAGE;
    }

    static String systemPrompt(String prompt, CourseContext course) {
        if (course == null || (course.courseId() == null && course.blockId() == null)) {
            return prompt;
        }
        StringBuilder text = new StringBuilder(prompt).append("\n\nThe learner is asking from an Open edX course");
        if (course.courseId() != null) {
            text.append(" (course ").append(course.courseId());
            if (course.blockId() != null) {
                text.append(", unit ").append(course.blockId());
            }
            text.append(')');
        } else {
            text.append(" (unit ").append(course.blockId()).append(')');
        }
        return text.append('.').toString();
    }

    private static ObjectNode message(String role, String content) {
        ObjectNode message = ModelJson.MAPPER.createObjectNode();
        message.put("role", role);
        message.put("content", content);
        return message;
    }
}
