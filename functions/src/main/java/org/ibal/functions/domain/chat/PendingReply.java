package org.ibal.functions.domain.chat;

import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.Connection;

/**
 * A reply sendMessage leaves to stream: the {@link ReplyJob} (what an asynchronous invocation gets) with the
 * connection and question already in hand, so streaming in the same invocation reads neither again.
 *
 * @param running whether the job's running-reply record was written already, with the question (a reply streamed
 *                in the same invocation); an asynchronous job records its own, which tells deliveries apart
 */
public record PendingReply(ReplyJob job, Connection connection, ChatMessage question, boolean running) {}
