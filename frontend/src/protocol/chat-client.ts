import { AuthExpiredError } from "./auth-expired-error";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import type { ChatErrorCode } from "./error-codes";
import {
  parseServerFrame,
  type ClientFrame,
  type ErrorFrame,
  type MessageFrame,
  type ServerFrame,
} from "./frames";
import { Heartbeat } from "./heartbeat";
import { Outbox, type OutboxEntry } from "./outbox";
import { ReplyStreams } from "./reply-streams";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

/** The part of the browser WebSocket the client uses; tests pass a fake that implements it. */
export type WebSocketLike = Pick<
  WebSocket,
  "readyState" | "send" | "close" | "onopen" | "onclose" | "onmessage" | "onerror"
>;

/** Everything the client reports, discriminated by `type`. */
export type ChatClientEvent =
  | {
      type: "status";
      status: ConnectionStatus;
      /** When a reconnect is scheduled: in how long, and which attempt in a row it is (1, 2…). */
      retryInMs?: number;
      attempt?: number;
    }
  /** The socket closed (or the heartbeat gave up on it: no code). */
  | { type: "disconnected"; code?: number }
  | {
      type: "session";
      sessionId: string;
      username: string;
      displayName: string;
      /** True when this follows a dropped connection: replies may have been missed. */
      reconnected: boolean;
    }
  | { type: "queued"; clientMessageId: string; content: string; createdAt: string }
  | { type: "sent"; clientMessageId: string }
  | { type: "ack"; clientMessageId: string; messageId: string; sessionId: string }
  | { type: "reply-progress"; messageId: string; replyTo: string; text: string }
  | { type: "reply"; message: MessageFrame }
  | { type: "error"; code: ChatErrorCode; retryable: boolean; clientMessageId?: string }
  | { type: "auth-failed" };

export type ChatClientListener = (event: ChatClientEvent) => void;

export { AuthExpiredError };

export interface ChatClientOptions {
  /** Resolves the URL to open, carrying fresh credentials (a one-time ticket or the token). */
  connectUrl: () => Promise<string>;
  createSocket?: (url: string) => WebSocketLike;
  backoff?: BackoffOptions;
  random?: () => number;
  /** How often an idle connection is probed, and how long a probe may go unanswered. */
  heartbeatMs?: number;
  pongTimeoutMs?: number;
  /**
   * How long a connection must stay up before the backoff starts again from its first step:
   * a server that accepts and then closes at once must not be hammered at the shortest delay.
   */
  stableAfterMs?: number;
  /** How long to wait before resending what API Gateway refused as over the rate. */
  throttledResendMs?: number;
  createId?: () => string;
  now?: () => number;
}

const OPEN = 1;

/**
 * Close codes with which a server refuses what was just sent (1008 policy, 1009 too big,
 * 1011 internal error), as opposed to a network drop (1006) or a restart (1001, 1012).
 */
const REFUSAL_CLOSE_CODES: readonly number[] = [1008, 1009, 1011];

/**
 * The framework-free protocol client: owns the socket, resumes the session after a drop,
 * reconnects with jittered exponential backoff, queues messages typed while offline,
 * puts streamed chunks in `seq` order and drops duplicates. It knows nothing of React.
 */
export class ChatClient {
  private readonly options: Required<ChatClientOptions>;
  private readonly listeners = new Set<ChatClientListener>();
  private readonly outbox = new Outbox();
  private readonly heartbeat: Heartbeat;
  private readonly replies = new ReplyStreams();

  private socket: WebSocketLike | null = null;
  private status: ConnectionStatus = "connecting";
  /** The socket is open and the wanted session (if any) is confirmed: messages may go out. */
  private ready = false;
  private everReady = false;
  /** A `hello` is awaiting its `user_info`. */
  private helloPending = false;
  private online = true;
  private disposed = false;
  private attempt = 0;
  /** Failed `hello`s in a row on this connection (the server answered an error). */
  private helloAttempt = 0;
  private desiredSessionId: string | null = null;
  private currentSessionId: string | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private laterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ChatClientOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url),
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      heartbeatMs: 30_000,
      pongTimeoutMs: 10_000,
      stableAfterMs: 10_000,
      throttledResendMs: 1_000,
      createId: () => crypto.randomUUID(),
      now: Date.now,
      ...options,
    };
    this.heartbeat = new Heartbeat(
      () => this.sendFrame({ action: "ping" }),
      () => this.dropped(undefined),
      this.options.heartbeatMs,
      this.options.pongTimeoutMs,
    );
  }

  subscribe(listener: ChatClientListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get connectionStatus(): ConnectionStatus {
    return this.status;
  }

  get sessionId(): string | null {
    return this.currentSessionId;
  }

  /** The reply now streaming, if any: what Stop stops. */
  get activeReplyId(): string | null {
    return this.replies.active;
  }

  /** Opens the socket. `sessionId` resumes a conversation; null opens a new one. */
  start(sessionId: string | null): void {
    this.desiredSessionId = sessionId;
    void this.connect();
  }

  /**
   * Switches conversation on the live connection (or on the next one). A new chat (null)
   * opens no session yet: `hello` without a sessionId creates one on the server, so it is
   * sent only when the first message needs it, and "New chat" clicks leave no empty sessions.
   */
  openSession(sessionId: string | null): void {
    this.desiredSessionId = sessionId;
    this.currentSessionId = null;
    this.helloPending = false;
    this.helloAttempt = 0;
    clearTimeout(this.laterTimer);
    if (sessionId === null) {
      this.ready = this.socket?.readyState === OPEN;
      return;
    }
    this.ready = false;
    this.sendHello();
  }

  /** Queues a message and sends it as soon as the connection is ready; returns its id. */
  send(content: string): string {
    const clientMessageId = this.options.createId();
    this.outbox.add({
      clientMessageId,
      content,
      sessionId: this.ready
        ? (this.currentSessionId ?? undefined)
        : (this.desiredSessionId ?? undefined),
      state: "queued",
    });
    this.emit({
      type: "queued",
      clientMessageId,
      content,
      createdAt: new Date(this.options.now()).toISOString(),
    });
    this.flush();
    return clientMessageId;
  }

  /** Resends a rejected message with the same clientMessageId, so the server stores it once. */
  retry(clientMessageId: string): boolean {
    if (!this.outbox.retry(clientMessageId)) return false;
    this.flush();
    return true;
  }

  /** Asks the server to end the streaming reply; it answers with the final `message`. */
  stop(): void {
    const messageId = this.replies.active ?? undefined;
    this.sendFrame(messageId === undefined ? { action: "stop" } : { action: "stop", messageId });
  }

  /** Follows the browser's online/offline events: no reconnect attempts while offline. */
  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    if (!online) {
      clearTimeout(this.reconnectTimer);
      if (this.socket === null) this.setStatus("offline");
      return;
    }
    if (this.socket === null && !this.disposed) {
      clearTimeout(this.reconnectTimer);
      this.attempt = 0;
      void this.connect();
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.stableTimer);
    clearTimeout(this.laterTimer);
    this.heartbeat.stop();
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onopen = socket.onclose = socket.onmessage = socket.onerror = null;
      socket.close(1000, "client closed");
    }
    this.listeners.clear();
  }

  /** False once disposed or while a socket exists; re-checked after every await. */
  private canConnect(): boolean {
    return !this.disposed && this.socket === null;
  }

  private async connect(): Promise<void> {
    if (!this.canConnect()) return;
    if (!this.online) {
      this.setStatus("offline");
      return;
    }
    this.setStatus(this.everReady || this.attempt > 0 ? "reconnecting" : "connecting");
    let url: string;
    try {
      url = await this.options.connectUrl();
    } catch (error) {
      if (error instanceof AuthExpiredError) {
        this.emit({ type: "auth-failed" });
        return;
      }
      this.scheduleReconnect();
      return;
    }
    if (!this.canConnect()) return;
    const socket = this.options.createSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      if (this.desiredSessionId !== null) {
        this.sendHello();
        return;
      }
      this.becomeReady();
      this.flush();
    };
    socket.onmessage = (event) => {
      if (socket === this.socket && typeof event.data === "string") this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (socket === this.socket) this.dropped(event.code);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
  }

  /** The socket closed with `code`, or (undefined) the heartbeat gave up on it. */
  private dropped(code: number | undefined): void {
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    this.helloPending = false;
    this.heartbeat.stop();
    clearTimeout(this.stableTimer);
    clearTimeout(this.laterTimer);
    if (socket !== null) {
      socket.onopen = socket.onclose = socket.onmessage = socket.onerror = null;
      if (socket.readyState === OPEN) socket.close(4000, "heartbeat timeout");
    }
    this.emit(code === undefined ? { type: "disconnected" } : { type: "disconnected", code });
    if (code !== undefined && REFUSAL_CLOSE_CODES.includes(code)) {
      // Retryable: the learner may try again (once the server takes bigger messages, say); the
      // client itself resends such a message once, alone (see flush), and then never again.
      for (const entry of this.outbox.closedWhileInFlight())
        this.emitError(entry, "message_rejected", true);
    }
    this.outbox.requeueUnanswered();
    if (this.disposed) return;
    if (!this.online) {
      this.setStatus("offline");
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.disposed) return;
    if (!this.online) {
      this.setStatus("offline");
      return;
    }
    const delay = backoffDelay(this.attempt, this.options.backoff, this.options.random);
    this.attempt += 1;
    this.setStatus("reconnecting", delay, this.attempt);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private sendHello(): void {
    const sessionId = this.desiredSessionId;
    const sent = this.sendFrame(
      sessionId === null ? { action: "hello" } : { action: "hello", sessionId },
    );
    if (sent) this.helloPending = true;
  }

  private becomeReady(): void {
    this.ready = true;
    this.everReady = true;
    this.helloAttempt = 0;
    this.setStatus("connected");
    this.heartbeat.start();
    clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => {
      this.attempt = 0;
    }, this.options.stableAfterMs);
  }

  /**
   * The server answered our `hello` with an error. A new chat's session could not be opened:
   * the messages waiting for it fail with that error (Retry asks again). A conversation that
   * could not be resumed is asked for again later when the error is retryable (a store
   * outage); otherwise the error is the conversation's.
   */
  private helloFailed(frame: ErrorFrame): void {
    this.helloPending = false;
    if (this.desiredSessionId === null) {
      for (const entry of this.outbox.queued().filter((e) => e.sessionId === undefined)) {
        this.outbox.rejectedBy(entry.clientMessageId);
        this.emitError(entry, frame.code, frame.retryable);
      }
      this.ready = this.socket?.readyState === OPEN;
      return;
    }
    if (!frame.retryable) {
      this.emit({ type: "error", code: frame.code, retryable: false });
      return;
    }
    const delay = backoffDelay(this.helloAttempt, this.options.backoff, this.options.random);
    this.helloAttempt += 1;
    this.later(delay, () => this.sendHello());
  }

  private emitError(entry: OutboxEntry, code: ChatErrorCode, retryable: boolean): void {
    this.emit({ type: "error", code, retryable, clientMessageId: entry.clientMessageId });
  }

  /** Runs `action` after `delayMs` on this same connection; a drop or a session switch cancels it. */
  private later(delayMs: number, action: () => void): void {
    clearTimeout(this.laterTimer);
    this.laterTimer = setTimeout(action, delayMs);
  }

  private receive(text: string): void {
    this.heartbeat.alive();
    const frame = parseServerFrame(text);
    if (frame !== null) this.handle(frame);
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case "user_info": {
        if (this.desiredSessionId !== null && frame.sessionId !== this.desiredSessionId) return;
        const reconnected = this.everReady && this.status !== "connected";
        this.desiredSessionId = frame.sessionId;
        this.currentSessionId = frame.sessionId;
        this.helloPending = false;
        this.becomeReady();
        this.emit({
          type: "session",
          sessionId: frame.sessionId,
          username: frame.username,
          displayName: frame.displayName,
          reconnected,
        });
        this.flush();
        return;
      }
      case "ack": {
        this.outbox.acknowledged(frame.clientMessageId, frame.messageId, frame.sessionId);
        // The session a new chat's first message landed in is the one to resume after a drop.
        if (this.desiredSessionId === null && this.currentSessionId === null) {
          this.desiredSessionId = this.currentSessionId = frame.sessionId;
        }
        this.emit({
          type: "ack",
          clientMessageId: frame.clientMessageId,
          messageId: frame.messageId,
          sessionId: frame.sessionId,
        });
        // A message held back behind one the server closed on may go now (see flush).
        this.flush();
        return;
      }
      case "chunk": {
        const text = this.replies.chunk(frame);
        if (text !== null) {
          this.emit({
            type: "reply-progress",
            messageId: frame.messageId,
            replyTo: frame.replyTo,
            text,
          });
        }
        return;
      }
      case "message": {
        this.outbox.answered(frame.replyTo);
        if (this.replies.finish(frame)) this.emit({ type: "reply", message: frame });
        return;
      }
      case "error": {
        if (frame.replyTo === undefined && this.helloPending) {
          this.helloFailed(frame);
          return;
        }
        const entry = this.outbox.rejectedBy(frame.replyTo);
        this.emit({
          type: "error",
          code: frame.code,
          retryable: frame.retryable,
          clientMessageId: entry?.clientMessageId,
        });
        return;
      }
      case "pong":
        return;
      case "throttled": {
        // Not routed, and not said which frame: what is unacknowledged goes out again, later.
        this.outbox.requeueInFlight();
        const helloLost = this.helloPending;
        this.helloPending = false;
        this.later(this.options.throttledResendMs, () => {
          if (helloLost) this.sendHello();
          else this.flush();
        });
        return;
      }
    }
  }

  private flush(): void {
    if (!this.ready) return;
    for (const entry of this.outbox.queued()) {
      entry.sessionId ??= this.currentSessionId ?? undefined;
      if (entry.sessionId === undefined) {
        // A new chat's first message: open its session first, send once user_info names it.
        if (!this.helloPending) {
          this.ready = false;
          this.sendHello();
        }
        return;
      }
      // A message the server closed the socket on goes out alone, after what is in flight is
      // acknowledged, so that a second close blames it and no other.
      const suspect = entry.closeStrikes > 0;
      if (suspect && this.outbox.inFlight().length > 0) return;
      const sent = this.sendFrame({
        action: "sendMessage",
        sessionId: entry.sessionId,
        clientMessageId: entry.clientMessageId,
        content: entry.content,
      });
      if (!sent) return;
      entry.state = "sent";
      this.emit({ type: "sent", clientMessageId: entry.clientMessageId });
      if (suspect) return;
    }
  }

  private sendFrame(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (socket?.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  private setStatus(status: ConnectionStatus, retryInMs?: number, attempt?: number): void {
    if (status === this.status && retryInMs === undefined) return;
    this.status = status;
    this.emit(
      retryInMs === undefined
        ? { type: "status", status }
        : { type: "status", status, retryInMs, attempt },
    );
  }

  private emit(event: ChatClientEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
