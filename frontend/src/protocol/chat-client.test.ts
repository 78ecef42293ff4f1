import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  connected,
  harness,
  ofType,
  sendChunk,
  settle,
  startedAndConnected,
} from "../test-support/chat-client-harness";
import { AuthExpiredError } from "./chat-client";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ChatClient session handshake", () => {
  it("says hello with the session to resume, and reports connected once the server answers", async () => {
    const h = harness();
    h.client.start("s-42");
    await settle();
    const socket = h.latest();
    expect(h.client.connectionStatus).toBe("connecting");
    socket.open();
    expect(socket.sent).toEqual([{ action: "hello", sessionId: "s-42" }]);
    socket.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-42",
    });
    expect(h.client.connectionStatus).toBe("connected");
    expect(ofType(h.events, "session")).toEqual([
      {
        type: "session",
        sessionId: "s-42",
        username: "ada",
        displayName: "Ada",
        reconnected: false,
      },
    ]);
  });

  it("opens no session for a new chat until its first message is sent", async () => {
    const h = harness();
    h.client.start(null);
    await settle();
    const socket = h.latest();
    socket.open();
    expect(socket.sent).toEqual([]);
    expect(h.client.connectionStatus).toBe("connected");

    const first = h.client.send("Hi");
    const second = h.client.send("Are you there?");
    expect(socket.sent).toEqual([{ action: "hello" }]);
    socket.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-9",
    });
    expect(socket.sent.slice(1)).toEqual([
      { action: "sendMessage", sessionId: "s-9", clientMessageId: first, content: "Hi" },
      {
        action: "sendMessage",
        sessionId: "s-9",
        clientMessageId: second,
        content: "Are you there?",
      },
    ]);

    // Back to a new chat on the same connection: still nothing opened until a message.
    h.client.openSession(null);
    expect(socket.sent).toHaveLength(3);
    h.client.send("Another topic");
    expect(socket.sent.at(-1)).toEqual({ action: "hello" });
  });

  it("reports auth-failed and stops when credentials cannot be renewed", async () => {
    const h = harness({ connectUrl: () => Promise.reject(new AuthExpiredError()) });
    h.client.start(null);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(0);
    expect(ofType(h.events, "auth-failed")).toHaveLength(1);
  });
});

describe("ChatClient streaming", () => {
  it("shows chunks in seq order even when they arrive out of order", async () => {
    const { h, socket } = await startedAndConnected();
    const chunk = (seq: number, delta: string) => sendChunk(socket, seq, delta);

    chunk(1, "world");
    expect(ofType(h.events, "reply-progress")).toHaveLength(0);
    chunk(0, "Hello ");
    chunk(3, "!");
    chunk(2, " again");

    expect(ofType(h.events, "reply-progress").map((e) => e.text)).toEqual([
      "Hello world",
      "Hello world again!",
    ]);
  });

  it("drops duplicate chunks and chunks that arrive after the final message", async () => {
    const { h, socket } = await startedAndConnected();
    const chunk = (seq: number, delta: string) => sendChunk(socket, seq, delta);
    chunk(0, "A");
    chunk(0, "A");
    chunk(1, "B");
    socket.serverSends({
      type: "message",
      messageId: "m-r",
      replyTo: "m-u",
      role: "assistant",
      content: "AB",
      sessionId: "s-1",
      createdAt: "2026-11-24T09:00:00Z",
      stopped: false,
    });
    chunk(2, "C");

    expect(ofType(h.events, "reply-progress").map((e) => e.text)).toEqual(["A", "AB"]);
    expect(ofType(h.events, "reply").map((e) => e.message.content)).toEqual(["AB"]);
  });

  it("reports the same final message once even when the server repeats it", async () => {
    const { h, socket } = await startedAndConnected();
    const final = {
      type: "message",
      messageId: "m-r",
      replyTo: "m-u",
      content: "Done",
      sessionId: "s-1",
      followUps: ["Tell me more", 7],
      sources: [{ title: "Doc", url: "https://example.test" }, "junk"],
    };
    socket.serverSends(final);
    socket.serverSends(final);
    const replies = ofType(h.events, "reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.message.followUps).toEqual(["Tell me more"]);
    expect(replies[0]?.message.sources).toEqual([
      { title: "Doc", url: "https://example.test", snippet: undefined },
    ]);
  });

  it("stops the reply that is streaming", async () => {
    const { h, socket } = await startedAndConnected();
    socket.serverSends({ type: "chunk", messageId: "m-r", replyTo: "m-u", seq: 0, delta: "x" });
    h.client.stop();
    expect(socket.sent.at(-1)).toEqual({ action: "stop", messageId: "m-r" });
  });

  it("ignores frames that are not JSON or have an unknown type", async () => {
    const { h, socket } = await startedAndConnected();
    const before = h.events.length;
    socket.onmessage?.call(socket as unknown as WebSocket, { data: "not json" } as MessageEvent);
    socket.serverSends({ type: "mystery" });
    expect(h.events.length).toBe(before);
  });
});

describe("ChatClient sending and de-duplication", () => {
  it("sends with a clientMessageId and the current session", async () => {
    const h = harness();
    h.client.start(null);
    const socket = await connected(h, "s-9");
    const id = h.client.send("Hi");
    expect(socket.sent.at(-1)).toEqual({
      action: "sendMessage",
      sessionId: "s-9",
      clientMessageId: id,
      content: "Hi",
    });
    expect(ofType(h.events, "sent")).toEqual([{ type: "sent", clientMessageId: id }]);
  });

  it("retries a rejected message with the same clientMessageId", async () => {
    const { h, socket } = await startedAndConnected();
    const id = h.client.send("Hi");
    socket.serverSends({ type: "error", code: "rate_limited", retryable: true, replyTo: id });
    expect(ofType(h.events, "error")).toEqual([
      { type: "error", code: "rate_limited", retryable: true, clientMessageId: id },
    ]);

    expect(h.client.retry(id)).toBe(true);
    const sends = socket.sent.filter((f) => (f as { action: string }).action === "sendMessage");
    expect(sends).toHaveLength(2);
    expect(sends[1]).toEqual(sends[0]);
    expect(h.client.retry(id)).toBe(false);
  });

  it("maps an error that names the server's messageId back to the message typed", async () => {
    const { h, socket } = await startedAndConnected();
    const id = h.client.send("Hi");
    socket.serverSends({ type: "ack", clientMessageId: id, messageId: "m-u", sessionId: "s-1" });
    socket.serverSends({
      type: "error",
      code: "model_unavailable",
      retryable: true,
      replyTo: "m-u",
    });
    expect(ofType(h.events, "error")[0]?.clientMessageId).toBe(id);
  });
});

describe("ChatClient reconnection", () => {
  it("reconnects with growing, jittered delays and resets them after a connection stayed up", async () => {
    const random = vi.fn(() => 0);
    const h = harness({ random });
    h.client.start("s-1");
    const first = await connected(h);

    first.drop();
    expect(h.client.connectionStatus).toBe("reconnecting");
    const delays = () => ofType(h.events, "status").flatMap((e) => e.retryInMs ?? []);
    // random()=0 gives the lower bound of each window: half the cap.
    expect(delays()).toEqual([500]);

    await vi.advanceTimersByTimeAsync(499);
    expect(h.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sockets).toHaveLength(2);
    h.latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    h.latest().drop();
    await vi.advanceTimersByTimeAsync(2000);
    h.latest().drop();
    await vi.advanceTimersByTimeAsync(4000);
    h.latest().drop();
    expect(delays()).toEqual([500, 1000, 2000, 4000, 4000]);

    random.mockReturnValue(1);
    await vi.advanceTimersByTimeAsync(4000);
    const socket = h.latest();
    socket.open();
    expect(socket.sent).toEqual([{ action: "hello", sessionId: "s-1" }]);
    socket.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-1",
    });
    expect(ofType(h.events, "session").at(-1)?.reconnected).toBe(true);

    await vi.advanceTimersByTimeAsync(10_000);
    socket.drop();
    expect(delays().at(-1)).toBe(1000);
  });

  it("keeps backing off when the server accepts and then closes at once", async () => {
    const h = harness({ random: () => 0 });
    h.client.start("s-1");
    const delays = () => ofType(h.events, "status").flatMap((e) => e.retryInMs ?? []);
    let socket = await connected(h);
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(100);
      socket.close(1011, "internal error");
      await vi.advanceTimersByTimeAsync(delays().at(-1) ?? 0);
      socket = await connected(h);
    }
    expect(delays()).toEqual([500, 1000, 2000, 4000]);
    expect(ofType(h.events, "status").at(-1)).toMatchObject({ status: "connected" });
  });

  it("spreads reconnect delays with jitter inside the backoff window", async () => {
    const h = harness({ random: () => 0.25 });
    h.client.start(null);
    const socket = await connected(h);
    socket.drop();
    expect(ofType(h.events, "status").at(-1)).toEqual({
      type: "status",
      status: "reconnecting",
      retryInMs: 625,
      attempt: 1,
    });
  });

  it("treats an unanswered heartbeat as a dropped connection", async () => {
    const h = harness({ heartbeatMs: 1000, pongTimeoutMs: 500 });
    h.client.start(null);
    const socket = await connected(h);
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.sentActions().at(-1)).toBe("ping");
    socket.serverSends({ type: "pong" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.client.connectionStatus).toBe("connected");
    await vi.advanceTimersByTimeAsync(500);
    expect(h.client.connectionStatus).toBe("reconnecting");
  });

  it("resends a message whose reply was cut off, with the same clientMessageId", async () => {
    const h = harness();
    h.client.start(null);
    const first = await connected(h);
    const id = h.client.send("Explain photosynthesis");
    first.serverSends({ type: "ack", clientMessageId: id, messageId: "m-u", sessionId: "s-1" });
    first.serverSends({ type: "chunk", messageId: "m-r", replyTo: "m-u", seq: 0, delta: "Plants" });
    first.drop();

    await vi.advanceTimersByTimeAsync(1000);
    const second = h.latest();
    second.open();
    second.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-1",
    });
    expect(second.sent).toEqual([
      { action: "hello", sessionId: "s-1" },
      {
        action: "sendMessage",
        sessionId: "s-1",
        clientMessageId: id,
        content: "Explain photosynthesis",
      },
    ]);

    // Resent chunk 0 is a duplicate; the stream continues where it was.
    second.serverSends({
      type: "chunk",
      messageId: "m-r",
      replyTo: "m-u",
      seq: 0,
      delta: "Plants",
    });
    second.serverSends({ type: "chunk", messageId: "m-r", replyTo: "m-u", seq: 1, delta: " grow" });
    expect(ofType(h.events, "reply-progress").map((e) => e.text)).toEqual([
      "Plants",
      "Plants grow",
    ]);

    second.serverSends({
      type: "message",
      messageId: "m-r",
      replyTo: "m-u",
      content: "Plants grow",
      sessionId: "s-1",
    });
    second.drop();
    await vi.advanceTimersByTimeAsync(2000);
    const third = h.latest();
    expect(h.sockets).toHaveLength(3);
    third.open();
    third.serverSends({ type: "user_info", username: "ada", displayName: "Ada", sessionId: "s-1" });
    expect(third.sentActions()).toEqual(["hello"]);
  });
});

describe("ChatClient offline queueing", () => {
  it("queues messages typed while offline and sends each exactly once on reconnect", async () => {
    const h = harness();
    h.client.start("s-1");
    const first = await connected(h);
    h.client.setOnline(false);
    first.drop();
    expect(h.client.connectionStatus).toBe("offline");

    const a = h.client.send("first");
    const b = h.client.send("second");
    expect(ofType(h.events, "queued").map((e) => e.clientMessageId)).toEqual([a, b]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);

    h.client.setOnline(true);
    await settle();
    const second = h.latest();
    second.open();
    second.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-1",
    });
    second.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-1",
    });

    const sends = second.sent.filter((f) => (f as { action: string }).action === "sendMessage");
    expect(sends).toEqual([
      { action: "sendMessage", sessionId: "s-1", clientMessageId: a, content: "first" },
      { action: "sendMessage", sessionId: "s-1", clientMessageId: b, content: "second" },
    ]);
  });

  it("holds messages typed before the first connection is ready", async () => {
    const h = harness();
    h.client.start(null);
    const id = h.client.send("early");
    const socket = await connected(h, "s-new");
    expect(socket.sent).toEqual([
      { action: "hello" },
      { action: "sendMessage", sessionId: "s-new", clientMessageId: id, content: "early" },
    ]);
  });
});

describe("ChatClient when the browser starts offline", () => {
  it("waits for the network instead of trying to connect", async () => {
    const h = harness();
    h.client.setOnline(false);
    h.client.start(null);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sockets).toHaveLength(0);
    expect(h.client.connectionStatus).toBe("offline");
    h.client.setOnline(true);
    await settle();
    expect(h.sockets).toHaveLength(1);
  });
});
