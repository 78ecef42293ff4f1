package org.ibal.functions.adapter.model.resilience;

import java.util.concurrent.Semaphore;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.port.ChatModel;

/**
 * Caps the replies one instance streams at once (a semaphore bulkhead), so a burst of classes on a self-hosted
 * gateway queues nowhere: a reply over the cap is refused at once, retryable, and its question stays stored. On
 * Lambda the function's concurrency already is the bulkhead, so {@code ChatModels} only wraps when a cap is set.
 */
public final class BulkheadChatModel implements ChatModel {
    private final ChatModel delegate;
    private final Semaphore permits;
    private final int maxConcurrentCalls;

    public BulkheadChatModel(ChatModel delegate, int maxConcurrentCalls) {
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, not " + maxConcurrentCalls);
        }
        this.delegate = delegate;
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.permits = new Semaphore(maxConcurrentCalls);
    }

    /** @throws ModelUnavailableException retryable, without calling the model, when the cap is reached */
    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        if (!permits.tryAcquire()) {
            throw new ModelUnavailableException(
                    "too many replies in progress (" + maxConcurrentCalls + " at once on this server), try again",
                    true,
                    null);
        }
        try {
            return delegate.stream(request, sink);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean healthy() {
        return delegate.healthy();
    }

    @Override
    public boolean usesHistory() {
        return delegate.usesHistory();
    }
}
