package org.ibal.functions.adapter.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.ibal.functions.domain.ChatMessage;
import org.junit.jupiter.api.Test;

class OpenAiMessagesTest {
    static ChatMessage message(String content) {
        return new ChatMessage(
                "m_" + content,
                "s_1",
                ChatMessage.Role.USER,
                content,
                Instant.EPOCH,
                null,
                null,
                false,
                List.of(),
                List.of());
    }

    @Test
    void estimateTokens_isAQuarterOfTheCharactersRoundedUp_plusTheMessageOverhead() {
        assertThat(OpenAiMessages.estimateTokens("abcd")).isEqualTo(1 + 4);
        assertThat(OpenAiMessages.estimateTokens("abcde")).isEqualTo(2 + 4);
    }

    @Test
    void recentHistory_keepsTheNewestWholeMessagesThatFit_andStopsAtTheFirstThatDoesNot() {
        var history = List.of(
                message("a".repeat(8)), message("b".repeat(400)), message("c".repeat(8)), message("d".repeat(8)));

        // c and d cost 6 each; b (104) does not fit, so a — older than b — is dropped too: no gaps.
        assertThat(OpenAiMessages.recentHistory(history, 20))
                .extracting(ChatMessage::content)
                .containsExactly("c".repeat(8), "d".repeat(8));
        assertThat(OpenAiMessages.recentHistory(history, 0)).isEmpty();
    }

    @Test
    void recentHistory_skipsEmptyMessages() {
        var history = List.of(message("kept"), message(" "), message("also"));

        assertThat(OpenAiMessages.recentHistory(history, 100))
                .extracting(ChatMessage::content)
                .containsExactly("kept", "also");
    }
}
