import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  connected,
  harness,
  ofType,
  startedAndConnected,
  type Harness,
} from "../test-support/chat-client-harness";
import type { FakeWebSocket } from "../test-support/fake-web-socket";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const sendMessages = (socket: FakeWebSocket) =>
  socket.sent.filter((f) => (f as { action: string }).action === "sendMessage") as {
    clientMessageId: string;
  }[];

/** Waits out the scheduled reconnect, then opens the new socket and answers its hello. */
async function reconnected(h: Harness): Promise<FakeWebSocket> {
  const delay = ofType(h.events, "status").at(-1)?.retryInMs ?? 0;
  await vi.advanceTimersByTimeAsync(delay);
  return connected(h);
}

describe("ChatClient when the server closes the socket on a message", () => {
  it("resends it once, then marks it failed instead of reconnecting in a loop", async () => {
    const { h, socket } = await startedAndConnected();
    const id = h.client.send("月".repeat(4000));
    expect(sendMessages(socket)).toHaveLength(1);

    socket.close(1009, "Message too big");
    const second = await reconnected(h);
    expect(sendMessages(second).map((f) => f.clientMessageId)).toEqual([id]);
    expect(ofType(h.events, "error")).toEqual([]);

    second.close(1009, "Message too big");
    expect(ofType(h.events, "error")).toEqual([
      { type: "error", code: "message_rejected", retryable: true, clientMessageId: id },
    ]);
    const third = await reconnected(h);
    await vi.advanceTimersByTimeAsync(25_000);

    expect(sendMessages(third)).toEqual([]);
    expect(h.sockets).toHaveLength(3);
    expect(h.client.connectionStatus).toBe("connected");
  });

  it("sends a message it closed on alone, so the one next to it is not blamed", async () => {
    const { h, socket } = await startedAndConnected();
    const innocent = h.client.send("Hi");
    const culprit = h.client.send("x".repeat(4000));
    socket.close(1009, "Message too big");

    const second = await reconnected(h);
    // Both were in flight: the first goes out alone, the other waits for its ack.
    expect(sendMessages(second).map((f) => f.clientMessageId)).toEqual([innocent]);
    second.serverSends({
      type: "ack",
      clientMessageId: innocent,
      messageId: "m-1",
      sessionId: "s-1",
    });
    expect(sendMessages(second).map((f) => f.clientMessageId)).toEqual([innocent, culprit]);
    second.close(1009, "Message too big");

    expect(ofType(h.events, "error").map((e) => e.clientMessageId)).toEqual([culprit]);
    const third = await reconnected(h);
    expect(sendMessages(third).map((f) => f.clientMessageId)).toEqual([innocent]);
  });

  it("never counts a network drop against a message", async () => {
    const { h, socket } = await startedAndConnected();
    const id = h.client.send("Hi");
    socket.drop();
    const second = await reconnected(h);
    second.drop();
    const third = await reconnected(h);

    expect(ofType(h.events, "error")).toEqual([]);
    expect(sendMessages(third).map((f) => f.clientMessageId)).toEqual([id]);
  });

  it("sends a failed message again, same clientMessageId, when the learner retries", async () => {
    const { h, socket } = await startedAndConnected();
    const id = h.client.send("Hi");
    socket.close(1008, "Policy Violation");
    const second = await reconnected(h);
    second.close(1008, "Policy Violation");
    const third = await reconnected(h);

    expect(h.client.retry(id)).toBe(true);
    expect(sendMessages(third).map((f) => f.clientMessageId)).toEqual([id]);
  });

  it("reports every close with its code", async () => {
    const { h, socket } = await startedAndConnected();
    socket.close(1011, "internal error");
    expect(ofType(h.events, "disconnected")).toEqual([{ type: "disconnected", code: 1011 }]);
  });
});

describe("ChatClient when the server answers hello with an error", () => {
  it("fails the messages waiting for a new chat's session with the server's code", async () => {
    const h = harness();
    h.client.start(null);
    await vi.advanceTimersByTimeAsync(0);
    const socket = h.latest();
    socket.open();
    const id = h.client.send("Hi");
    expect(socket.sentActions()).toEqual(["hello"]);
    socket.serverSends({ type: "error", code: "rate_limited", retryable: true, replyTo: null });

    expect(ofType(h.events, "error")).toEqual([
      { type: "error", code: "rate_limited", retryable: true, clientMessageId: id },
    ]);
    expect(h.client.retry(id)).toBe(true);
    expect(socket.sentActions()).toEqual(["hello", "hello"]);
  });

  it("asks again, later, to resume a conversation while the store is unavailable", async () => {
    const h = harness({ random: () => 0 });
    h.client.start("s-1");
    await vi.advanceTimersByTimeAsync(0);
    const socket = h.latest();
    socket.open();
    socket.serverSends({ type: "error", code: "unavailable", retryable: true });
    expect(ofType(h.events, "error")).toEqual([]);
    expect(socket.sentActions()).toEqual(["hello"]);

    await vi.advanceTimersByTimeAsync(500);
    expect(socket.sentActions()).toEqual(["hello", "hello"]);
    socket.serverSends({
      type: "user_info",
      username: "ada",
      displayName: "Ada",
      sessionId: "s-1",
    });
    expect(h.client.connectionStatus).toBe("connected");
  });

  it("reports a conversation that cannot be resumed at all", async () => {
    const h = harness();
    h.client.start("s-gone");
    await vi.advanceTimersByTimeAsync(0);
    const socket = h.latest();
    socket.open();
    socket.serverSends({ type: "error", code: "session_not_found", retryable: false });
    await vi.advanceTimersByTimeAsync(60_000);

    expect(ofType(h.events, "error")).toEqual([
      { type: "error", code: "session_not_found", retryable: false, clientMessageId: undefined },
    ]);
    expect(socket.sentActions()).toEqual(["hello"]);
  });
});

describe("ChatClient when API Gateway throttles a frame", () => {
  it("sends what is unacknowledged again a moment later, same clientMessageId", async () => {
    const { h, socket } = await startedAndConnected();
    const id = h.client.send("Hi");
    socket.serverSends({ message: "Too Many Requests", connectionId: "c", requestId: "r" });
    expect(sendMessages(socket)).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1000);
    expect(sendMessages(socket).map((f) => f.clientMessageId)).toEqual([id, id]);
  });
});

describe("ChatClient after a reply was cut off", () => {
  it("lets the reply asked again under a new id supersede the stream that was cut off", async () => {
    const { h, socket } = await startedAndConnected();
    socket.serverSends({ type: "chunk", messageId: "m-r1", replyTo: "m-u", seq: 0, delta: "Pla" });
    socket.drop();
    const second = await reconnected(h);
    second.serverSends({
      type: "chunk",
      messageId: "m-r2",
      replyTo: "m-u",
      seq: 0,
      delta: "Plants",
    });
    expect(h.client.activeReplyId).toBe("m-r2");

    second.serverSends({ type: "message", messageId: "m-r2", replyTo: "m-u", content: "Plants." });
    expect(h.client.activeReplyId).toBeNull();
    expect(ofType(h.events, "reply-progress").map((e) => [e.messageId, e.text])).toEqual([
      ["m-r1", "Pla"],
      ["m-r2", "Plants"],
    ]);
  });
});
