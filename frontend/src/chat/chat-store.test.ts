import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Page, StoredMessage } from "../api/types";
import { connected, harness } from "../test-support/chat-client-harness";
import { ChatStore } from "./chat-store";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const page = (items: StoredMessage[]): Page<StoredMessage> => ({ items, nextCursor: null });
const stored = (id: string, role: "user" | "assistant", content: string, extra = {}) => ({
  id,
  sessionId: "s-1",
  role,
  content,
  createdAt: "2026-11-24T09:00:00Z",
  ...extra,
});

function storeWith(history: (sessionId: string) => StoredMessage[]) {
  const h = harness();
  const reads: string[] = [];
  const store = new ChatStore(h.client, (sessionId) => {
    reads.push(sessionId);
    return Promise.resolve(page(history(sessionId)));
  });
  return { h, store, reads };
}

describe("ChatStore", () => {
  it("resumes a conversation with its history", async () => {
    const { h, store } = storeWith(() => [
      stored("m-2", "assistant", "Hello", { replyTo: "m-1" }),
      stored("m-1", "user", "Hi", { clientMessageId: "c-0" }),
    ]);
    store.start("s-1");
    await connected(h, "s-1");
    expect(store.getState().messages.map((m) => m.content)).toEqual(["Hi", "Hello"]);
    expect(h.latest().sent).toEqual([{ action: "hello", sessionId: "s-1" }]);
  });

  it("re-reads history after a reconnect until the missed reply is stored", async () => {
    let answered = false;
    const { h, store, reads } = storeWith(() =>
      answered
        ? [
            stored("m-r", "assistant", "The reply", { replyTo: "m-u" }),
            stored("m-u", "user", "Q", { clientMessageId: "c-1" }),
          ]
        : [stored("m-u", "user", "Q", { clientMessageId: "c-1" })],
    );
    store.start("s-1");
    const socket = await connected(h, "s-1");
    store.send("Q");
    socket.serverSends({ type: "ack", clientMessageId: "c-1", messageId: "m-u", sessionId: "s-1" });
    socket.drop();
    await vi.advanceTimersByTimeAsync(1500);
    await connected(h, "s-1");
    expect(reads).toHaveLength(2);

    answered = true;
    await vi.advanceTimersByTimeAsync(1500);
    expect(store.getState().messages.map((m) => m.content)).toEqual(["Q", "The reply"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reads).toHaveLength(3);
  });

  it("drops a history answer for a conversation no longer shown", async () => {
    const { h, store } = storeWith((sessionId) => [stored(`m-${sessionId}`, "user", sessionId)]);
    store.start("s-1");
    store.select("s-2");
    await connected(h, "s-2");
    expect(store.getState().messages.map((m) => m.content)).toEqual(["s-2"]);
  });

  it("tells its listeners about every change and stops the client on dispose", async () => {
    const { h, store } = storeWith(() => []);
    const seen: string[] = [];
    store.subscribe((state) => seen.push(state.status));
    store.start(null);
    const socket = await connected(h);
    expect(seen).toContain("connected");
    store.dispose();
    expect(socket.readyState).toBe(3);
  });
});
