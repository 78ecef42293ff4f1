package org.ibal.functions.domain.chat;

/**
 * Limits on chatting, from configuration.
 *
 * @param messagesPerMinute {@code MESSAGE_RATE_PER_MINUTE}, a sliding window; replays count too
 * @param dailyQuota        {@code DAILY_MESSAGE_QUOTA}, per UTC day; new questions only
 * @param sessionsPerDay    {@code SESSIONS_PER_DAY}, new sessions per UTC day
 */
public record ChatLimits(int messageMaxChars, int messagesPerMinute, int dailyQuota, int sessionsPerDay) {}
