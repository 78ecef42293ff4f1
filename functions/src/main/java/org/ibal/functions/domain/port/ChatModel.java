package org.ibal.functions.domain.port;

import java.util.List;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.Source;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.usage.TokenUsage;

/** A language model that streams its reply. Adapters: the demo model now; Flowise, OpenAI-compatible next. */
public interface ChatModel {
    /**
     * Streams the reply to {@code sink} delta by delta and returns it whole.
     *
     * @throws ModelUnavailableException when the model fails (retryable or not)
     */
    ModelReply stream(ModelRequest request, DeltaSink sink);

    /** Cheap readiness probe for the health route. */
    boolean healthy();

    /**
     * Whether the model reads the session's earlier messages from {@link ModelRequest#history()}. Models that keep
     * their own memory (Flowise, by session id) or none (the demo) do not, which spares a query per reply.
     */
    default boolean usesHistory() {
        return false;
    }

    /**
     * @param history      earlier messages of the session, oldest first
     * @param course       null outside a course
     * @param cancellation polled between deltas; when it says stop, the model ends early with {@code stopped}
     */
    record ModelRequest(
            String sessionId,
            String question,
            List<ChatMessage> history,
            CourseContext course,
            Cancellation cancellation) {
        public ModelRequest {
            history = List.copyOf(history);
        }
    }

    /** @param usage the provider's own token counts for this reply, or null when it gave none */
    record ModelReply(String text, boolean stopped, List<Source> sources, List<String> followUps, TokenUsage usage) {
        public ModelReply {
            sources = sources == null ? List.of() : List.copyOf(sources);
            followUps = followUps == null ? List.of() : List.copyOf(followUps);
        }

        /** A reply without the provider's usage (it is then estimated). */
        public ModelReply(String text, boolean stopped, List<Source> sources, List<String> followUps) {
            this(text, stopped, sources, followUps, null);
        }
    }

    @FunctionalInterface
    interface DeltaSink {
        void delta(String text);
    }

    /** The seam for {@code stop}: a later issue backs it with a stored flag the stop route sets. */
    @FunctionalInterface
    interface Cancellation {
        Cancellation NEVER = () -> false;

        boolean requested();
    }
}
