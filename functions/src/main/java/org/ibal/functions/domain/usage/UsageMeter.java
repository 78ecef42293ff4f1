package org.ibal.functions.domain.usage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.domain.port.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters a finished turn for its class: tokens (the provider's, else the estimate), cost by the {@link CostModel},
 * written once after the reply was sent. Best effort: a reply the learner has is never turned into an error by a
 * counter that could not be written (the failure is logged).
 */
public final class UsageMeter {
    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);
    public static final UsageMeter OFF = new UsageMeter(null, null, 0, Duration.ofSeconds(1), false);

    private final CostModel costs;
    private final UsageStore usage;
    private final double memoryGb;
    private final Duration stopPollEvery;
    private final boolean asyncReplies;

    /**
     * @param memoryGb      the function's memory (Lambda bills GB-seconds)
     * @param stopPollEvery how often a streaming reply reads its stop flag
     * @param asyncReplies  whether replies run in a second invocation ({@code REPLY_MODE=async})
     */
    public UsageMeter(
            CostModel costs, UsageStore usage, double memoryGb, Duration stopPollEvery, boolean asyncReplies) {
        this.costs = costs;
        this.usage = usage;
        this.memoryGb = memoryGb;
        this.stopPollEvery = stopPollEvery;
        this.asyncReplies = asyncReplies;
    }

    public void turnDone(
            Connection connection,
            ChatMessage question,
            ModelRequest request,
            ModelReply reply,
            ChatMessage stored,
            long chunks,
            Instant started,
            Instant finished) {
        if (usage == null || connection.classId() == null) {
            return;
        }
        try {
            TokenUsage tokens = reply.usage() != null ? reply.usage() : estimate(request, stored);
            double seconds = Math.max(
                            0,
                            Duration.between(
                                            question.createdAt().isBefore(started) ? question.createdAt() : started,
                                            finished)
                                    .toMillis())
                    / 1000.0;
            long polls = stopPollEvery.isZero()
                    ? 0
                    : Duration.between(started, finished).toMillis() / Math.max(1, stopPollEvery.toMillis());
            TurnFootprint footprint = TurnFootprint.of(
                    chunks,
                    stored.content().getBytes(StandardCharsets.UTF_8).length,
                    seconds,
                    memoryGb,
                    polls,
                    asyncReplies);
            usage.record(
                    connection.classId(),
                    connection.principal().userId(),
                    connection.principal().username(),
                    finished,
                    tokens,
                    costs.cost(tokens, footprint));
        } catch (RuntimeException storeHiccup) {
            LOG.warn(
                    "could not meter reply {} for class {}: {}",
                    stored.id(),
                    connection.classId(),
                    storeHiccup.toString());
        }
    }

    /** Characters / 4 of what the model read (the question and the history it was given) and of what it wrote. */
    private static TokenUsage estimate(ModelRequest request, ChatMessage stored) {
        long in = request.question().length();
        for (ChatMessage earlier : request.history()) {
            in += earlier.content().length();
        }
        return TokenUsage.estimate(in, stored.content().length());
    }
}
