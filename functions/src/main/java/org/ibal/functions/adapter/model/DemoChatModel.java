package org.ibal.functions.adapter.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.port.ChatModel;

/**
 * A deterministic offline model: the reply is derived from the question alone and streamed in word groups, with
 * an optional pause per delta so streaming is visible. Lets the whole stack run without an LLM.
 */
public final class DemoChatModel implements ChatModel {
    private static final int WORDS_PER_DELTA = 3;

    private final Duration delayPerDelta;

    public DemoChatModel(Duration delayPerDelta) {
        this.delayPerDelta = delayPerDelta;
    }

    /** The full reply for a question; what {@link #stream} sends, split into deltas. */
    public static String replyTo(String question) {
        String q = question.strip().replaceAll("\\s+", " ");
        int words = q.isEmpty() ? 0 : q.split(" ").length;
        return "This is the demo model. You asked: \"" + q + "\" (" + words + (words == 1 ? " word" : " words")
                + "). Configure a real model provider to get real answers.";
    }

    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        List<String> deltas = deltas(replyTo(request.question()));
        StringBuilder sent = new StringBuilder();
        for (String delta : deltas) {
            if (request.cancellation().requested()) {
                return new ModelReply(sent.toString(), true, List.of(), List.of());
            }
            pause();
            sink.delta(delta);
            sent.append(delta);
        }
        return new ModelReply(sent.toString(), false, List.of(), List.of());
    }

    @Override
    public boolean healthy() {
        return true;
    }

    /** Groups of {@value #WORDS_PER_DELTA} words, each but the first carrying its leading space. */
    static List<String> deltas(String text) {
        String[] words = text.split(" ");
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < words.length; i += WORDS_PER_DELTA) {
            String group = String.join(" ", List.of(words).subList(i, Math.min(words.length, i + WORDS_PER_DELTA)));
            deltas.add(i == 0 ? group : " " + group);
        }
        return deltas;
    }

    private void pause() {
        if (delayPerDelta.isZero()) {
            return;
        }
        try {
            Thread.sleep(delayPerDelta);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("the demo model was interrupted", true, e);
        }
    }
}
