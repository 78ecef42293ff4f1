package org.ibal.functions.adapter.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ibal.functions.adapter.model.ModelFailure;
import org.ibal.functions.adapter.model.ModelFailure.Kind;
import org.ibal.functions.domain.port.ChatModel.Cancellation;

/**
 * One streamed HTTP answer, read line by line under {@link StreamTimeouts}: until the caller reports its first
 * delta the first-token deadline applies, afterwards the idle deadline restarts with every delta, and the overall
 * deadline (or the reply's {@link CallDeadline}, if sooner) caps both. The caller's {@link Cancellation} is looked at every {@value #POLL_MILLIS} ms even when the
 * server sends nothing. Close it to hang up.
 */
public final class LineStream implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    /** What {@link #next()} found. */
    public sealed interface Next permits Line, End, Cancelled {}

    public record Line(String text) implements Next {}

    /** The body ended cleanly. */
    public record End() implements Next {}

    /** The caller's cancellation fired. */
    public record Cancelled() implements Next {}

    private final String provider;
    private final StreamTimeouts timeouts;
    private final Cancellation cancellation;
    private final CompletableFuture<HttpResponse.ResponseInfo> headers;
    private final CompletableFuture<?> exchange;
    private final QueuedLines lines;
    private final long startNanos;
    private final long endNanos;
    private final Duration endsAfter;
    private long lastProgressNanos;
    private boolean delivered;
    private HttpResponse.ResponseInfo response;

    LineStream(
            String provider,
            StreamTimeouts timeouts,
            Cancellation cancellation,
            CompletableFuture<HttpResponse.ResponseInfo> headers,
            CompletableFuture<?> exchange,
            QueuedLines lines) {
        this.provider = provider;
        this.timeouts = timeouts;
        this.cancellation = cancellation;
        this.headers = headers;
        this.exchange = exchange;
        this.lines = lines;
        this.startNanos = System.nanoTime();
        long attemptEnd = startNanos + timeouts.overall().toNanos();
        if (cancellation instanceof CallDeadline deadline && deadline.deadlineNanos() - attemptEnd < 0) {
            this.endNanos = deadline.deadlineNanos();
            this.endsAfter = deadline.budget();
        } else {
            this.endNanos = attemptEnd;
            this.endsAfter = timeouts.overall();
        }
    }

    /**
     * Waits for the status line and headers.
     *
     * @return false when the cancellation fired first
     * @throws ModelFailure CONNECT when no connection was made, TIMEOUT when the first-token deadline passed
     */
    public boolean awaitHeaders() {
        while (response == null) {
            if (cancellation.requested()) {
                return false;
            }
            long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS), remainingNanos());
            if (wait <= 0) {
                throw timeout();
            }
            try {
                response = headers.get(wait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (ExecutionException e) {
                throw connectFailure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelFailure(Kind.CONNECT, provider + ": interrupted while waiting for the answer", e);
            }
        }
        return true;
    }

    public int status() {
        return requireHeaders().statusCode();
    }

    public boolean isSuccess() {
        int status = status();
        return status >= 200 && status < 300;
    }

    /** The media type without parameters, lower case; empty when the server sent none. */
    public String mediaType() {
        String value = requireHeaders().headers().firstValue("content-type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The next line of the body.
     *
     * @throws ModelFailure TIMEOUT when a deadline passed, SERVER_ERROR when the body broke off
     */
    public Next next() {
        requireHeaders();
        while (true) {
            if (cancellation.requested()) {
                return new Cancelled();
            }
            long remaining = remainingNanos();
            if (remaining <= 0) {
                throw timeout();
            }
            Object item;
            try {
                item = lines.poll(Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS), remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelFailure(Kind.SERVER_ERROR, provider + ": interrupted while reading the answer", e);
            }
            if (item instanceof String text) {
                return new Line(text);
            }
            if (item instanceof QueuedLines.Terminal terminal) {
                if (terminal.failure() == null) {
                    return new End();
                }
                throw new ModelFailure(
                        Kind.SERVER_ERROR,
                        provider + " broke off the answer (" + describe(terminal.failure()) + ")",
                        terminal.failure());
            }
        }
    }

    /**
     * The rest of the body as text, for error answers and whole JSON answers.
     *
     * @return empty when the cancellation fired first
     */
    public Optional<String> readRest(int maxChars) {
        StringBuilder text = new StringBuilder();
        while (true) {
            Next next = next();
            switch (next) {
                case Line line -> {
                    if (text.length() < maxChars) {
                        if (!text.isEmpty()) {
                            text.append('\n');
                        }
                        text.append(line.text(), 0, Math.min(line.text().length(), maxChars - text.length()));
                    }
                }
                case End end -> {
                    return Optional.of(text.toString());
                }
                case Cancelled cancelled -> {
                    return Optional.empty();
                }
            }
        }
    }

    /** A delta reached the caller: from now on the idle deadline applies. */
    public void delivered() {
        delivered = true;
        lastProgressNanos = System.nanoTime();
    }

    /**
     * A meaningful event that is not a delta (an agent's tool call, say) arrived: once streaming, it restarts the
     * idle deadline like a delta. Heartbeats must not call this, or a hung model would never time out.
     */
    public void progressed() {
        if (delivered) {
            lastProgressNanos = System.nanoTime();
        }
    }

    @Override
    public void close() {
        lines.cancel();
        exchange.cancel(true);
    }

    private HttpResponse.ResponseInfo requireHeaders() {
        if (response == null) {
            throw new IllegalStateException("awaitHeaders() first");
        }
        return response;
    }

    private long remainingNanos() {
        long now = System.nanoTime();
        long overall = endNanos - now;
        long phase = delivered
                ? lastProgressNanos + timeouts.idle().toNanos() - now
                : startNanos + timeouts.firstToken().toNanos() - now;
        return Math.min(overall, phase);
    }

    private ModelFailure timeout() {
        long now = System.nanoTime();
        if (now - endNanos >= 0) {
            return new ModelFailure(Kind.TIMEOUT, provider + " took longer than " + seconds(endsAfter));
        }
        if (delivered) {
            return new ModelFailure(Kind.TIMEOUT, provider + " stalled: no token for " + seconds(timeouts.idle()));
        }
        return new ModelFailure(
                Kind.TIMEOUT, provider + " sent no first token within " + seconds(timeouts.firstToken()));
    }

    private ModelFailure connectFailure(Throwable cause) {
        return new ModelFailure(Kind.CONNECT, provider + " is unreachable (" + describe(cause) + ")", cause);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = switch (root) {
            case HttpConnectTimeoutException e -> "connect timed out";
            case ConnectException e -> "connection refused";
            case UnresolvedAddressException e -> "unknown host";
            case IOException e -> "I/O error";
            default -> root.getClass().getSimpleName();
        };
        return root.getMessage() == null ? kind : kind + ": " + root.getMessage();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
