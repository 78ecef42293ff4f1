package org.ibal.functions.domain.port;

import java.time.Instant;

/**
 * Replies being streamed right now, shared by every invocation: the streaming one records its reply here and polls
 * the record, while a {@code stop} arriving on another invocation sets its stop flag. A reply's id is derived from
 * its question, so every attempt at one reply shares one record; each attempt carries its own {@code attempt} id.
 */
public interface RunningReplies {
    /**
     * Records an attempt at the reply — a conditional write on the reply id that succeeds unless this same attempt
     * was recorded before. A new attempt (the client asked again: after an error, a reconnect, a replica that died
     * mid-reply) takes the record over; an earlier attempt still running sees at its next poll that it was
     * superseded and stops without storing or sending anything more.
     *
     * @return false, writing nothing, when this attempt was recorded already (a job delivered twice streams once)
     */
    boolean start(RunningReply reply);

    /** The record as the streaming attempt polls it; {@code attempt} null when the record is gone. */
    Poll poll(String userId, String replyId);

    /**
     * Sets the stop flag on the caller's unfinished replies that match: the reply (or question) {@code messageId},
     * or, without one, the replies of {@code sessionId} and those streaming to {@code connectionId}. Replies of
     * other users are never matched.
     *
     * @return how many replies were flagged (0 is no error)
     */
    int requestStop(String userId, String messageId, String sessionId, String connectionId, Instant now);

    /**
     * Marks the attempt finished, unless a later attempt took the record over; the record is kept (until a TTL) so
     * that a late repeat of its job still finds it.
     */
    void finish(String userId, String replyId, String attempt, Instant now);

    /** Which record {@link #finish} would mark: {@code userId}'s reply {@code replyId}, if {@code attempt} owns it. */
    record Finishing(String userId, String replyId, String attempt) {}

    /**
     * @param userMessageId the question the reply answers
     * @param attempt       unique per attempt at streaming this reply
     */
    record RunningReply(
            String userId,
            String replyId,
            String userMessageId,
            String sessionId,
            String connectionId,
            Instant startedAt,
            String attempt) {}

    /**
     * @param stopRequested someone asked to stop the reply
     * @param attempt       the attempt that owns the record now (another than the poller's: it was superseded)
     */
    record Poll(boolean stopRequested, String attempt) {}
}
