// A WebSocket client as a script or a browser would be (the `ws` library; permessage-deflate offered, as every
// browser offers it), from a chosen source address, with the frames it received kept for assertions.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";

/** Opens `wsUrl` with `token` or `ticket`; rejects with `error.status` when the handshake is refused. */
export function openSocket(wsUrl, { token, ticket, from, headers = {}, deflate = true, query = {} } = {}) {
  const url = new URL(wsUrl);
  if (token !== undefined) url.searchParams.set("token", token);
  if (ticket !== undefined) url.searchParams.set("ticket", ticket);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      localAddress: from,
      headers,
      perMessageDeflate: deflate ? { threshold: 0 } : false, // compress every message, like Chromium
      maxPayload: 16 * 1024 * 1024,
      handshakeTimeout: 30_000,
    });
    ws.once("unexpected-response", (_req, res) => {
      const error = new Error(`handshake refused with ${res.statusCode}`);
      error.status = res.statusCode;
      res.resume();
      ws.terminate();
      reject(error);
    });
    ws.once("error", (error) => reject(error));
    ws.once("open", () => resolve(new ChatSocket(ws)));
  });
}

/** 101 when the handshake is accepted (the socket is then closed), else the status it was refused with. */
export async function handshakeStatus(wsUrl, options) {
  try {
    const socket = await openSocket(wsUrl, options);
    socket.close();
    return 101;
  } catch (error) {
    if (error.status) return error.status;
    throw error;
  }
}

export class ChatSocket {
  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.waiters = new Set();
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        for (const w of this.waiters) w.check();
      });
    });
    ws.on("error", () => {}); // surfaces as a close
    ws.on("message", (data) => {
      const text = data.toString("utf8");
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = { unparsable: text };
      }
      this.frames.push(frame);
      for (const w of this.waiters) w.check();
    });
  }

  get extensions() {
    return this.ws.extensions;
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /**
   * One message in fragments of at most `fragmentChars` characters (each compressed on its own when deflate was
   * negotiated), as a client must to stay under a 32 KB frame limit whichever way it is measured.
   */
  sendFragmented(frame, fragmentChars) {
    const text = JSON.stringify(frame);
    for (let at = 0; at < text.length; at += fragmentChars) {
      this.ws.send(text.slice(at, at + fragmentChars), { fin: at + fragmentChars >= text.length });
    }
  }

  /** The first frame at index >= `since` matching `predicate`; waits for it up to `timeoutMs`. */
  waitFor(predicate, { timeoutMs = 15_000, since = 0, what = "a matching frame" } = {}) {
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => {
          const found = this.frames.slice(since).find(predicate);
          if (found) {
            done();
            resolve(found);
          } else if (this.closeInfo) {
            done();
            reject(new Error(`closed ${JSON.stringify(this.closeInfo)} before ${what}; frames: ${this.describe()}`));
          }
        },
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; frames: ${this.describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** `hello` → `user_info`. */
  async hello(sessionId) {
    const since = this.frames.length;
    this.send(sessionId ? { action: "hello", sessionId } : { action: "hello" });
    return this.waitFor((f) => f.type === "user_info" || f.type === "error", { since, what: "user_info" });
  }

  /**
   * Sends a question and waits for how it ends: its final `message` (answering the acked question) or an
   * `error` naming its clientMessageId. Answers { ack, message, error, ms }.
   */
  async ask(content, { clientMessageId = randomUUID(), sessionId, timeoutMs = 30_000, fragmentChars } = {}) {
    const since = this.frames.length;
    const start = performance.now();
    const frame = { action: "sendMessage", clientMessageId, content, ...(sessionId ? { sessionId } : {}) };
    if (fragmentChars) this.sendFragmented(frame, fragmentChars);
    else this.send(frame);
    const first = await this.waitFor(
      (f) => (f.type === "ack" && f.clientMessageId === clientMessageId) || (f.type === "error" && f.replyTo === clientMessageId),
      { since, timeoutMs, what: `ack or error for ${clientMessageId}` },
    );
    if (first.type === "error") return { error: first, ms: performance.now() - start, clientMessageId };
    const end = await this.waitFor(
      (f) => (f.type === "message" && f.replyTo === first.messageId) || (f.type === "error" && f.replyTo === clientMessageId),
      { since, timeoutMs, what: `the reply to ${clientMessageId}` },
    );
    const ms = performance.now() - start;
    return end.type === "message" ? { ack: first, message: end, ms, clientMessageId } : { ack: first, error: end, ms, clientMessageId };
  }

  close(code = 1000) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code);
    else this.ws.terminate();
  }

  describe() {
    return JSON.stringify(this.frames.map((f) => ({ ...f, content: f.content?.slice?.(0, 40), delta: undefined })).slice(-8));
  }
}
