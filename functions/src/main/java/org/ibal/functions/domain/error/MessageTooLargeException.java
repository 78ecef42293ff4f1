package org.ibal.functions.domain.error;

/** The message content is over the configured limit. Shorten it. */
public class MessageTooLargeException extends IbalException {
    public MessageTooLargeException(int maxChars) {
        super("content is longer than " + maxChars + " characters; shorten it");
    }
}
