package org.ibal.functions.domain.usage;

/**
 * What one question and its reply use of AWS, from what the code does (docs/deploy.md, "Cost", has the table).
 *
 * @param webSocketMessages  billed WebSocket messages: the question, the ack, each chunk, and the final message
 *                           (each counted in 32 KB units)
 * @param connectionMinutes  connection time attributed to the turn ({@value #CONNECTION_MINUTES_PER_TURN}: a learner
 *                           reads and types between questions with the connection open)
 * @param lambdaRequests     invocations: the chat function, plus the reply job in {@code REPLY_MODE=async}
 * @param lambdaGbSeconds    memory in GB times the measured seconds the turn's invocations ran
 * @param dynamoWriteUnits   write request units (transactions count twice per item, GSI updates once more)
 * @param dynamoReadUnits    read request units (strongly consistent reads of items under 4 KB: one each)
 */
public record TurnFootprint(
        long webSocketMessages,
        double connectionMinutes,
        long lambdaRequests,
        double lambdaGbSeconds,
        long dynamoWriteUnits,
        long dynamoReadUnits) {
    public static final double CONNECTION_MINUTES_PER_TURN = 2.0;
    /** WebSocket messages are billed in 32 KB increments. */
    public static final int WEBSOCKET_UNIT_BYTES = 32 * 1024;
    /**
     * Writes of a turn: limits (2–3 counters in one transaction: 6), the question (session update, guard, message in
     * one transaction: 6, +1 GSI), the running-reply record (start and finish: 2), the reply (message, guard, session
     * in one transaction: 6, +1 GSI, +1 per KB of reply over the first), the usage (two counters in one transaction:
     * 4).
     */
    public static final long BASE_WRITE_UNITS = 6 + 7 + 2 + 7 + 4;
    /** Reads of a turn: the connection (1), the pre-model batch (session, guard, rate counter, class, member, month: 6). */
    public static final long BASE_READ_UNITS = 1 + 6;

    /**
     * @param chunks        chunk frames pushed
     * @param replyBytes    the final message's UTF-8 size
     * @param seconds       how long the turn's invocations ran
     * @param memoryGb      the function's memory
     * @param stopPolls     reads of the stop flag while streaming
     * @param asyncReply    whether the reply ran in a second invocation
     */
    public static TurnFootprint of(
            long chunks, long replyBytes, double seconds, double memoryGb, long stopPolls, boolean asyncReply) {
        long finalUnits = Math.max(1, (replyBytes + WEBSOCKET_UNIT_BYTES - 1) / WEBSOCKET_UNIT_BYTES);
        long extraReplyKb = Math.max(0, (replyBytes - 1) / 1024);
        return new TurnFootprint(
                2 + chunks + finalUnits,
                CONNECTION_MINUTES_PER_TURN,
                asyncReply ? 2 : 1,
                memoryGb * seconds,
                BASE_WRITE_UNITS + extraReplyKb,
                BASE_READ_UNITS + stopPolls);
    }
}
