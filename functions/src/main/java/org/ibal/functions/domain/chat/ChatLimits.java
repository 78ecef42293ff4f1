package org.ibal.functions.domain.chat;

/** Limits on chatting, from configuration. */
public record ChatLimits(int messageMaxChars, int messagesPerMinute, int dailyQuota) {
}
