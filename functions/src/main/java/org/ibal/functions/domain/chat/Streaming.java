package org.ibal.functions.domain.chat;

import java.time.Duration;

/**
 * How replies stream.
 *
 * @param coalesceWindow the most time one {@code chunk} frame gathers deltas for (zero: one frame per delta)
 * @param stopPollEvery  how often a running reply reads its stop flag at most
 * @param historyMessages how many earlier messages the model sees
 */
public record Streaming(Duration coalesceWindow, Duration stopPollEvery, int historyMessages) {}
