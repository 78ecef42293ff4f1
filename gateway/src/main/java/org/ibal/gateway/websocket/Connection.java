package org.ibal.gateway.websocket;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** One live client connection, as {@code @connections} sees it. */
public final class Connection {
  private final ReentrantLock sending = new ReentrantLock();
  /** Outgoing fragment size: at most 3 UTF-8 bytes per char keeps each frame under the frame limit. */
  private final int fragmentChars;
  private final String id;
  private final long connectedAt;
  private final String sourceIp;
  private final String userAgent;
  private final String host;
  private volatile long lastActiveAt;
  private volatile Session session;
  private volatile ScheduledFuture<?> lifetimeLimit;

  Connection(String id, long connectedAt, String sourceIp, String userAgent, String host, int maxFrameBytes) {
    this.fragmentChars = Math.max(1, maxFrameBytes / 3 - 2);
    this.id = id;
    this.connectedAt = connectedAt;
    this.sourceIp = sourceIp;
    this.userAgent = userAgent;
    this.host = host;
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

  void attach(Session session, ScheduledFuture<?> lifetimeLimit) {
    this.session = session;
    this.lifetimeLimit = lifetimeLimit;
  }

  void detach() {
    ScheduledFuture<?> limit = lifetimeLimit;
    if (limit != null) {
      limit.cancel(false);
    }
  }

  public boolean isOpen() {
    Session current = session;
    return current != null && current.isOpen();
  }

  /**
   * Sends one text message; completes when it is written (or fails when the connection is gone).
   * Messages longer than one frame go out in fragments (the frame limit applies both ways), and
   * the lock keeps concurrent senders from interleaving fragments.
   */
  public CompletableFuture<Void> send(String text) {
    Session current = session;
    if (current == null || !current.isOpen()) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection " + id + " is closed"));
    }
    sending.lock();
    try {
      if (text.length() <= fragmentChars) {
        Callback.Completable written = new Callback.Completable();
        current.sendText(text, written);
        return written;
      }
      int start = 0;
      while (start < text.length()) {
        int end = Math.min(text.length(), start + fragmentChars);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
          end--; // never split a surrogate pair across frames
        }
        Callback.Completable written = new Callback.Completable();
        current.sendPartialText(text.substring(start, end), end == text.length(), written);
        written.get(10, TimeUnit.SECONDS);
        start = end;
      }
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      sending.unlock();
    }
  }

  public void close(int code, String reason) {
    Session current = session;
    if (current != null) {
      current.close(code, reason, Callback.NOOP);
    }
  }
}
