import type { WebSocketLike } from "../protocol/chat-client";

/**
 * A WebSocket stand-in with the browser's readyState machine and on* handlers; the test
 * plays the server by calling open(), serverSends() and drop().
 */
export class FakeWebSocket implements WebSocketLike {
  readyState: WebSocket["readyState"] = 0;
  onopen: WebSocket["onopen"] = null;
  onclose: WebSocket["onclose"] = null;
  onmessage: WebSocket["onmessage"] = null;
  onerror: WebSocket["onerror"] = null;
  readonly sent: unknown[] = [];

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("InvalidStateError: not open");
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.call(
      this as unknown as WebSocket,
      { code, reason, wasClean: true } as CloseEvent,
    );
  }

  /** The server accepts the handshake. */
  open(): void {
    this.readyState = 1;
    this.onopen?.call(this as unknown as WebSocket, new Event("open"));
  }

  serverSends(frame: object): void {
    this.onmessage?.call(
      this as unknown as WebSocket,
      {
        data: JSON.stringify({ ts: 1, ...frame }),
      } as MessageEvent,
    );
  }

  /** The network goes away: error then close 1006, as browsers report it. */
  drop(): void {
    this.readyState = 3;
    this.onerror?.call(this as unknown as WebSocket, new Event("error"));
    this.onclose?.call(
      this as unknown as WebSocket,
      {
        code: 1006,
        reason: "",
        wasClean: false,
      } as CloseEvent,
    );
  }

  sentActions(): string[] {
    return this.sent.map((f) => (f as { action: string }).action);
  }
}
