package org.ibal.functions.domain.chat;

/**
 * A reply still to be streamed: the stored question (found by session and clientMessageId), the id its reply will
 * carry, who gets the frames, and which attempt at the reply this is. Run in the same invocation, or handed to an
 * asynchronous one (then serialised as the internal job event, see handler/ws/ReplyJobEvents).
 *
 * @param attempt one per ask (a question, or a resend of it): a job delivered twice is one attempt, streamed once
 */
public record ReplyJob(
        String userId, String sessionId, String clientMessageId, String replyId, String connectionId, String attempt) {}
