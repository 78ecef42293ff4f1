package org.ibal.gateway.websocket;

import java.util.ArrayDeque;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connection's outgoing messages, written one frame at a time in order, never waited for by whoever queued them:
 * a {@code PostToConnection} answers as soon as its message is queued, so no invocation waits on a client that does
 * not read. The bytes queued but not yet written are bounded; a message that would pass the bound is refused and the
 * connection is a slow consumer (its owner closes it), as API Gateway disconnects a client that stops reading.
 *
 * <p>Messages longer than one frame go out in fragments (the frame limit applies both ways); a message's fragments
 * are never interleaved with another's.
 */
final class SendQueue extends IteratingCallback {
    /** Outcome of {@link #offer}. */
    enum Offer {
        QUEUED,
        /** Over the byte bound: the message was dropped, the connection must go. */
        OVERFLOW,
        /** The queue was closed (the connection is gone or going). */
        CLOSED
    }

    private record Fragment(String text, boolean first, boolean last, long messageBytes) {}

    /** Outgoing fragment size: at most 3 UTF-8 bytes per char keeps each frame under the frame limit. */
    private final int fragmentChars;

    private final long maxQueuedBytes;
    private final ArrayDeque<Fragment> pending = new ArrayDeque<>();
    private Session session;
    private Fragment writing;
    private long queuedBytes;
    private boolean closed;

    SendQueue(int maxFrameBytes, long maxQueuedBytes) {
        this.fragmentChars = Math.max(1, maxFrameBytes / 3 - 2);
        this.maxQueuedBytes = maxQueuedBytes;
    }

    void attach(Session session) {
        synchronized (this) {
            this.session = session;
        }
        iterate();
    }

    /** Queues one text message; never blocks. */
    Offer offer(String text) {
        long bytes = utf8Length(text);
        synchronized (this) {
            if (closed) {
                return Offer.CLOSED;
            }
            if (queuedBytes + bytes > maxQueuedBytes) {
                return Offer.OVERFLOW;
            }
            queuedBytes += bytes;
            int start = 0;
            do {
                int end = Math.min(text.length(), start + fragmentChars);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--; // never split a surrogate pair across frames
                }
                pending.add(new Fragment(text.substring(start, end), start == 0, end == text.length(), bytes));
                start = end;
            } while (start < text.length());
        }
        iterate();
        return Offer.QUEUED;
    }

    /** Bytes queued and not yet written. */
    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Drops whatever waits; later offers answer {@link Offer#CLOSED}. */
    void stop() {
        synchronized (this) {
            closed = true;
            pending.clear();
            queuedBytes = 0;
        }
    }

    @Override
    protected Action process() {
        Fragment next;
        Session target;
        synchronized (this) {
            if (writing != null && writing.last()) {
                queuedBytes = Math.max(0, queuedBytes - writing.messageBytes());
            }
            writing = null;
            if (closed || session == null || pending.isEmpty()) {
                return Action.IDLE;
            }
            next = pending.poll();
            writing = next;
            target = session;
        }
        Callback written = Callback.from(this::succeeded, this::failed);
        if (next.first() && next.last()) {
            target.sendText(next.text(), written);
        } else {
            target.sendPartialText(next.text(), next.last(), written);
        }
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        stop(); // the connection is gone: nothing more will be written
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
