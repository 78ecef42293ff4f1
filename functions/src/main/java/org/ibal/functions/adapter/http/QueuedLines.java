package org.ibal.functions.adapter.http;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives the body's lines on the HTTP client's threads and hands them to the reading thread, which can then
 * wait with a deadline and look at its cancellation between polls — a blocking {@code Stream<String>} can do
 * neither.
 */
final class QueuedLines implements Flow.Subscriber<String> {
    /** The end of the body: cleanly ({@code failure == null}) or broken. */
    record Terminal(Throwable failure) {}

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            // Model output is small; the queue absorbs it without back-pressure bookkeeping.
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        items.add(line);
    }

    @Override
    public void onError(Throwable failure) {
        items.add(new Terminal(failure));
    }

    @Override
    public void onComplete() {
        items.add(new Terminal(null));
    }

    /** Also used when the exchange fails before any body subscriber existed. */
    void fail(Throwable failure) {
        items.add(new Terminal(failure));
    }

    /** @return a line ({@code String}), a {@link Terminal}, or null when nothing came within the wait */
    Object poll(long waitNanos) throws InterruptedException {
        return items.poll(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
    }

    /** Stops the body: on HTTP/1.1 the JDK then closes the connection, which the server sees as the client leaving. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
