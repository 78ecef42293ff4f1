package org.ibal.gateway.websocket;

import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One live client connection, as {@code @connections} sees it. */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /**
     * How long a connection closed for misbehaving may take to finish its close handshake before it is dropped: a client
     * that reads nothing never reads the close frame either.
     */
    static final long CLOSE_GRACE_MILLIS = 10_000;

    /** What became of a message handed to {@link #send}. */
    public enum Sent {
        QUEUED,
        /** The connection is closed or closing: API Gateway's 410. */
        GONE
    }

    private final String id;
    private final long connectedAt;
    private final String sourceIp;
    private final String userAgent;
    private final String host;
    private final SendQueue outbound;
    private final InboundRate inbound;
    private final ScheduledExecutorService timers;
    private volatile long lastActiveAt;
    private volatile Session session;
    private volatile ScheduledFuture<?> lifetimeLimit;
    private volatile boolean closing;

    Connection(
            String id,
            long connectedAt,
            String sourceIp,
            String userAgent,
            String host,
            int maxFrameBytes,
            long sendBufferBytes,
            InboundRate inbound,
            ScheduledExecutorService timers) {
        this.id = id;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.host = host;
        this.outbound = new SendQueue(maxFrameBytes, sendBufferBytes);
        this.inbound = inbound;
        this.timers = timers;
        this.lastActiveAt = connectedAt;
    }

    public String id() {
        return id;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String userAgent() {
        return userAgent;
    }

    String host() {
        return host;
    }

    public Instant lastActiveAt() {
        return Instant.ofEpochMilli(lastActiveAt);
    }

    void touch() {
        lastActiveAt = System.currentTimeMillis();
    }

    InboundRate inbound() {
        return inbound;
    }

    void attach(Session session, ScheduledFuture<?> lifetimeLimit) {
        this.session = session;
        this.lifetimeLimit = lifetimeLimit;
        outbound.attach(session);
    }

    void detach() {
        closing = true;
        outbound.stop();
        ScheduledFuture<?> limit = lifetimeLimit;
        if (limit != null) {
            limit.cancel(false);
        }
    }

    /** Open and not being closed: a connection closed for misbehaving is gone at once, before its handshake ends. */
    public boolean isOpen() {
        Session current = session;
        return !closing && current != null && current.isOpen();
    }

    /** Bytes queued for this client and not yet written. */
    public long queuedBytes() {
        return outbound.queuedBytes();
    }

    /**
     * Queues one text message and returns at once; it is written when the client reads. When the client has let more
     * than the send buffer pile up, the message is refused and the connection closed as a slow consumer (one log line).
     */
    public Sent send(String text) {
        if (!isOpen()) {
            return Sent.GONE;
        }
        return switch (outbound.offer(text)) {
            case QUEUED -> Sent.QUEUED;
            case CLOSED -> Sent.GONE;
            case OVERFLOW -> {
                long waiting = outbound.queuedBytes();
                if (closeForMisbehaving(StatusCode.POLICY_VIOLATION, "slow consumer")) {
                    LOG.warn(
                            "closed connection {} with 1008 (slow consumer): {} bytes were waiting for it to read",
                            id,
                            waiting);
                }
                yield Sent.GONE;
            }
        };
    }

    /**
     * Closes the connection for misbehaving: it is gone for {@code @connections} at once, what waits to be written is
     * dropped, the close frame is sent, and if the client has not completed the close within the grace period (it reads
     * nothing), the TCP connection is dropped.
     *
     * @return false when the connection was already closing
     */
    boolean closeForMisbehaving(int code, String reason) {
        synchronized (this) {
            if (closing) {
                return false;
            }
            closing = true;
        }
        outbound.stop();
        Session current = session;
        if (current != null) {
            current.close(code, reason, Callback.NOOP);
            try {
                timers.schedule(
                        () -> {
                            if (current.isOpen()) {
                                current.disconnect();
                            }
                        },
                        CLOSE_GRACE_MILLIS,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                current.disconnect();
            }
        }
        return true;
    }

    public void close(int code, String reason) {
        Session current = session;
        if (current != null) {
            current.close(code, reason, Callback.NOOP);
        }
    }
}
