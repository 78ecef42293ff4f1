import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../api/types";
import type { MessageFrame } from "../protocol/frames";
import {
  chatReducer,
  endsUnanswered,
  initialChatState,
  isAwaitingReply,
  type ChatAction,
  type ChatState,
} from "./chat-state";

const run = (actions: ChatAction[], state: ChatState = initialChatState) =>
  actions.reduce(chatReducer, state);

const final = (messageId: string, replyTo: string, content: string): MessageFrame => ({
  type: "message",
  messageId,
  replyTo,
  role: "assistant",
  content,
  sessionId: "s-1",
  createdAt: "2026-11-24T09:00:05Z",
  stopped: false,
  sources: [],
  followUps: [],
  ts: 1,
});

const stored = (
  id: string,
  role: "user" | "assistant",
  content: string,
  extra: Partial<StoredMessage> = {},
): StoredMessage => ({
  id,
  sessionId: "s-1",
  role,
  content,
  createdAt: "2026-11-24T09:00:00Z",
  ...extra,
});

describe("chatReducer", () => {
  it("follows a message from queued to answered, replacing the streamed text with the final one", () => {
    let state = run([
      { type: "queued", clientMessageId: "c-1", content: "Hi", createdAt: "2026-11-24T09:00:00Z" },
      { type: "sent", clientMessageId: "c-1" },
      { type: "ack", clientMessageId: "c-1", messageId: "m-u", sessionId: "s-1" },
      { type: "reply-progress", messageId: "m-r", replyTo: "m-u", text: "Hel" },
    ]);
    expect(state.sessionId).toBe("s-1");
    expect(state.messages.map((m) => m.type)).toEqual(["user", "assistant-streaming"]);
    expect(isAwaitingReply(state.messages)).toBe(true);

    state = run(
      [
        { type: "reply-progress", messageId: "m-r", replyTo: "m-u", text: "Hello" },
        { type: "reply", message: final("m-r", "m-u", "Hello there") },
      ],
      state,
    );
    expect(state.messages).toHaveLength(2);
    expect(state.messages[1]).toMatchObject({ type: "assistant", content: "Hello there" });
    expect(state.lastReply).toEqual({ messageId: "m-r", content: "Hello there" });
    expect(isAwaitingReply(state.messages)).toBe(false);
  });

  it("ignores late progress for a reply that is already final", () => {
    const state = run([
      { type: "reply", message: final("m-r", "m-u", "Done") },
      { type: "reply-progress", messageId: "m-r", replyTo: "m-u", text: "Do" },
    ]);
    expect(state.messages).toEqual([
      expect.objectContaining({ type: "assistant", content: "Done" }),
    ]);
  });

  it("marks the message an error answers, and keeps session-level errors as a notice", () => {
    const state = run([
      { type: "queued", clientMessageId: "c-1", content: "Hi", createdAt: "t" },
      { type: "error", code: "rate_limited", retryable: true, clientMessageId: "c-1" },
      { type: "error", code: "session_not_found", retryable: false },
    ]);
    expect(state.messages[0]).toMatchObject({
      status: "failed",
      error: { code: "rate_limited", retryable: true },
    });
    expect(state.notice).toBe("session_not_found");
  });

  it("merges history after a reconnect without duplicating what is on screen", () => {
    const state = run([
      { type: "queued", clientMessageId: "c-1", content: "Q1", createdAt: "t" },
      { type: "ack", clientMessageId: "c-1", messageId: "m-1", sessionId: "s-1" },
      { type: "reply-progress", messageId: "m-2", replyTo: "m-1", text: "partial" },
      { type: "queued", clientMessageId: "c-2", content: "Q2 typed offline", createdAt: "t" },
      {
        type: "history-loaded",
        older: false,
        nextCursor: null,
        items: [
          stored("m-2", "assistant", "full answer", { replyTo: "m-1" }),
          stored("m-1", "user", "Q1", { clientMessageId: "c-1" }),
        ],
      },
    ]);
    expect(state.messages.map((m) => [m.type, m.content])).toEqual([
      ["user", "Q1"],
      ["assistant", "full answer"],
      ["user", "Q2 typed offline"],
    ]);
  });

  it("puts an older page of history before the messages on screen", () => {
    const state = run([
      { type: "session-selected", sessionId: "s-1" },
      {
        type: "history-loaded",
        older: false,
        nextCursor: "p2",
        items: [stored("m-3", "user", "newest")],
      },
      {
        type: "history-loaded",
        older: true,
        nextCursor: null,
        items: [stored("m-2", "assistant", "b"), stored("m-1", "user", "a")],
      },
    ]);
    expect(state.messages.map((m) => m.content)).toEqual(["a", "b", "newest"]);
    expect(state.history.nextCursor).toBeNull();
    expect(isAwaitingReply(state.messages)).toBe(false);
  });

  it("keeps older pages above the newest page when history is re-read after a reconnect", () => {
    const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, "0")}:00Z`;
    const state = run([
      { type: "session-selected", sessionId: "s-1" },
      {
        type: "history-loaded",
        older: false,
        nextCursor: "p2",
        items: [
          stored("m-4", "assistant", "new answer", { createdAt: at(4) }),
          stored("m-3", "user", "new q", { createdAt: at(3) }),
        ],
      },
      {
        type: "history-loaded",
        older: true,
        nextCursor: null,
        items: [
          stored("m-2", "assistant", "old answer", { createdAt: at(2) }),
          stored("m-1", "user", "old q", { createdAt: at(1) }),
        ],
      },
      { type: "queued", clientMessageId: "c-9", content: "typed offline", createdAt: at(5) },
      {
        type: "history-loaded",
        older: false,
        nextCursor: "p2",
        items: [
          stored("m-4", "assistant", "new answer", { createdAt: at(4) }),
          stored("m-3", "user", "new q", { createdAt: at(3) }),
        ],
      },
    ]);
    expect(state.messages.map((m) => m.content)).toEqual([
      "old q",
      "old answer",
      "new q",
      "new answer",
      "typed offline",
    ]);
  });

  it("replaces a stream cut off by a drop with the reply asked again under a new id", () => {
    const asked = run([
      { type: "queued", clientMessageId: "c-1", content: "Q", createdAt: "t" },
      { type: "ack", clientMessageId: "c-1", messageId: "m-u", sessionId: "s-1" },
      { type: "reply-progress", messageId: "m-r1", replyTo: "m-u", text: "cut o" },
      { type: "disconnected", code: 1006 },
      { type: "ack", clientMessageId: "c-1", messageId: "m-u", sessionId: "s-1" },
    ]);

    const streaming = run(
      [{ type: "reply-progress", messageId: "m-r2", replyTo: "m-u", text: "again" }],
      asked,
    );
    expect(streaming.messages.map((m) => [m.type, m.content])).toEqual([
      ["user", "Q"],
      ["assistant-streaming", "again"],
    ]);

    const answered = run([{ type: "reply", message: final("m-r2", "m-u", "Answer") }], asked);
    expect(answered.messages.map((m) => [m.type, m.content])).toEqual([
      ["user", "Q"],
      ["assistant", "Answer"],
    ]);
    expect(isAwaitingReply(answered.messages)).toBe(false);
  });

  it("drops a cut-off stream when history shows the reply its question got", () => {
    const state = run([
      { type: "queued", clientMessageId: "c-1", content: "Q", createdAt: "t" },
      { type: "ack", clientMessageId: "c-1", messageId: "m-u", sessionId: "s-1" },
      { type: "reply-progress", messageId: "m-r1", replyTo: "m-u", text: "cut o" },
      {
        type: "history-loaded",
        older: false,
        nextCursor: null,
        items: [
          stored("m-r2", "assistant", "Answer", { replyTo: "m-u" }),
          stored("m-u", "user", "Q", { clientMessageId: "c-1" }),
        ],
      },
    ]);
    expect(state.messages.map((m) => [m.type, m.content])).toEqual([
      ["user", "Q"],
      ["assistant", "Answer"],
    ]);
  });

  it("ends Sending… and the cut-off stream when the reply to a stored question fails", () => {
    const state = run([
      { type: "queued", clientMessageId: "c-1", content: "Q", createdAt: "t" },
      { type: "sent", clientMessageId: "c-1" },
      { type: "ack", clientMessageId: "c-1", messageId: "m-u", sessionId: "s-1" },
      { type: "reply-progress", messageId: "m-r1", replyTo: "m-u", text: "cut o" },
      { type: "error", code: "unavailable", retryable: true, clientMessageId: "c-1" },
    ]);
    expect(state.messages).toEqual([
      expect.objectContaining({
        type: "user",
        status: "delivered",
        error: { code: "unavailable", retryable: true },
      }),
    ]);
    expect(isAwaitingReply(state.messages)).toBe(false);
    expect(endsUnanswered(state.messages)).toBe(false);
  });

  it("shows an error for a message it cannot find as a notice rather than losing it", () => {
    const state = run([
      { type: "error", code: "message_rejected", retryable: true, clientMessageId: "c-gone" },
    ]);
    expect(state.notice).toBe("message_rejected");
  });

  it("clears the conversation when another session is selected", () => {
    const state = run([
      { type: "queued", clientMessageId: "c-1", content: "Hi", createdAt: "t" },
      { type: "session-selected", sessionId: "s-2" },
    ]);
    expect(state).toMatchObject({ sessionId: "s-2", messages: [], history: { loading: true } });
  });
});

describe("endsUnanswered", () => {
  it("is true while the learner's last message has no reply, even after history replaced it", () => {
    const state = run([
      { type: "queued", clientMessageId: "c-1", content: "Q", createdAt: "t" },
      { type: "ack", clientMessageId: "c-1", messageId: "m-1", sessionId: "s-1" },
      {
        type: "history-loaded",
        older: false,
        nextCursor: null,
        items: [stored("m-1", "user", "Q", { clientMessageId: "c-1" })],
      },
    ]);
    expect(endsUnanswered(state.messages)).toBe(true);
    expect(isAwaitingReply(state.messages)).toBe(true);
    const answered = chatReducer(state, { type: "reply", message: final("m-2", "m-1", "A") });
    expect(endsUnanswered(answered.messages)).toBe(false);
  });
});
