package org.ibal.functions.domain.port;

import java.time.Instant;

/**
 * Replies being streamed right now, shared by every invocation: the streaming one records its reply here and polls
 * the stop flag, while a {@code stop} arriving on another invocation sets that flag.
 */
public interface RunningReplies {
    /**
     * Records the reply as running — a conditional write on its id, so a repeated job (Lambda retries asynchronous
     * invocations) cannot stream the same reply twice.
     *
     * @return false if this reply id was started before (nothing is written)
     */
    boolean start(RunningReply reply);

    /** True once someone asked to stop this reply. */
    boolean stopRequested(String userId, String replyId);

    /**
     * Sets the stop flag on the caller's unfinished replies that match: the reply (or question) {@code messageId},
     * or, without one, the replies of {@code sessionId} and those streaming to {@code connectionId}. Replies of
     * other users are never matched.
     *
     * @return how many replies were flagged (0 is no error)
     */
    int requestStop(String userId, String messageId, String sessionId, String connectionId, Instant now);

    /** Marks the reply finished; it is kept (until a TTL) so that a late repeat of its job still finds it. */
    void finish(String userId, String replyId, Instant now);

    /** @param userMessageId the question the reply answers */
    record RunningReply(String userId, String replyId, String userMessageId, String sessionId, String connectionId,
                        Instant startedAt) {
    }
}
