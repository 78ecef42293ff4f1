package org.ibal.functions.domain.chat;

/**
 * A reply still to be streamed: the stored question (found by session and clientMessageId), the id its reply will
 * carry, and who gets the frames. Run in the same invocation, or handed to an asynchronous one (then serialised as
 * the internal job event, see handler/ws/ReplyJobEvents).
 */
public record ReplyJob(String userId, String sessionId, String clientMessageId, String replyId, String connectionId) {
}
