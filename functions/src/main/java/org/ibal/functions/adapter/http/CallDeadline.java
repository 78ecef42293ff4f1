package org.ibal.functions.adapter.http;

import java.time.Duration;
import org.ibal.functions.domain.port.ChatModel.Cancellation;

/**
 * The caller's cancellation, plus the moment the whole reply — every attempt of it — must be done by.
 * {@code ResilientChatModel} hands it to the adapter in place of the plain cancellation, and {@link LineStream}
 * ends its attempt there, so retries cannot stretch a reply past its budget (and past the Lambda's timeout).
 */
public record CallDeadline(Cancellation cancellation, long deadlineNanos, Duration budget) implements Cancellation {
    public static CallDeadline after(Duration budget, Cancellation cancellation) {
        return new CallDeadline(cancellation, System.nanoTime() + budget.toNanos(), budget);
    }

    @Override
    public boolean requested() {
        return cancellation.requested();
    }

    public boolean passed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }
}
