import type { StoredMessage } from "../api/types";
import type { ChatClientEvent, ConnectionStatus } from "../protocol/chat-client";
import type { ChatErrorCode } from "../protocol/error-codes";
import type { ChatMessage } from "./chat-message";

export interface ChatState {
  status: ConnectionStatus;
  retryInMs?: number;
  /** The conversation on screen; null until the server opens one for a new chat. */
  sessionId: string | null;
  messages: ChatMessage[];
  history: { loading: boolean; nextCursor: string | null; failed: boolean };
  /** An error that belongs to no single message (e.g. the session vanished). */
  notice: ChatErrorCode | null;
  /** Bumped when a final reply arrives, so the page can announce it once. */
  lastReply: { messageId: string; content: string } | null;
}

export type ChatAction =
  | ChatClientEvent
  | { type: "session-selected"; sessionId: string | null }
  | { type: "history-loading" }
  | { type: "history-failed" }
  | { type: "history-loaded"; items: StoredMessage[]; nextCursor: string | null; older: boolean }
  | { type: "notice-dismissed" };

export const initialChatState: ChatState = {
  status: "connecting",
  sessionId: null,
  messages: [],
  history: { loading: false, nextCursor: null, failed: false },
  notice: null,
  lastReply: null,
};

export function fromStored(message: StoredMessage): ChatMessage {
  if (message.role === "user") {
    return {
      type: "user",
      key: `u-${message.clientMessageId ?? message.id}`,
      clientMessageId: message.clientMessageId ?? message.id,
      messageId: message.id,
      content: message.content,
      createdAt: message.createdAt,
      status: "delivered",
      fromHistory: true,
    };
  }
  return {
    type: "assistant",
    key: `a-${message.id}`,
    messageId: message.id,
    replyTo: message.replyTo,
    content: message.content,
    createdAt: message.createdAt,
    stopped: message.stopped === true,
    sources: message.sources ?? [],
    followUps: message.followUps ?? [],
  };
}

const updateUser = (
  messages: ChatMessage[],
  clientMessageId: string,
  patch: (m: Extract<ChatMessage, { type: "user" }>) => ChatMessage,
): ChatMessage[] =>
  messages.map((m) => (m.type === "user" && m.clientMessageId === clientMessageId ? patch(m) : m));

const isPersisted = (m: ChatMessage): boolean =>
  m.type === "assistant" || (m.type === "user" && m.messageId !== undefined);

/** True when `local` is already represented in what the server stored. */
function isStored(local: ChatMessage, stored: ChatMessage[]): boolean {
  return stored.some((s) => {
    if (local.type === "user")
      return (
        s.type === "user" &&
        (s.clientMessageId === local.clientMessageId || s.messageId === local.messageId)
      );
    if (s.type !== "assistant") return false;
    // A stream cut off by a dropped connection is answered by whatever reply got stored.
    return (
      s.messageId === local.messageId ||
      (local.type === "assistant-streaming" && local.replyTo !== "" && s.replyTo === local.replyTo)
    );
  });
}

/**
 * Where a reply `messageId` to the question `replyTo` goes: its own bubble, else a stream
 * that answered the same question and was cut off (the server asked the model again after
 * a reconnect, under a new id); -1 for a new bubble.
 */
function replySlot(messages: ChatMessage[], messageId: string, replyTo: string): number {
  const own = messages.findIndex((m) => m.type !== "user" && m.messageId === messageId);
  if (own !== -1 || replyTo === "") return own;
  return messages.findIndex((m) => m.type === "assistant-streaming" && m.replyTo === replyTo);
}

/** Puts `reply` in `slot` (or at the end) and drops any other stream for the same question. */
function placeReply(messages: ChatMessage[], slot: number, reply: ChatMessage): ChatMessage[] {
  const replyTo = reply.type === "user" ? undefined : reply.replyTo;
  const placed =
    slot === -1 ? [...messages, reply] : messages.map((m, i) => (i === slot ? reply : m));
  return placed.filter(
    (m) =>
      m === reply ||
      m.type !== "assistant-streaming" ||
      replyTo === undefined ||
      replyTo === "" ||
      m.replyTo !== replyTo,
  );
}

/**
 * Merges a page of stored history (newest first, as the API answers) with what is on screen:
 * the server is authoritative for what it stored; local messages it doesn't know yet
 * (queued, streaming) stay, after it.
 */
function mergeHistory(state: ChatState, items: StoredMessage[], older: boolean): ChatMessage[] {
  // A stored copy of a message sent from this page still awaits its reply here.
  const sentHere = new Set(
    state.messages.flatMap((m) =>
      m.type === "user" && m.fromHistory !== true ? [m.clientMessageId] : [],
    ),
  );
  const page = items
    .map(fromStored)
    .map((m) =>
      m.type === "user" && sentHere.has(m.clientMessageId) ? { ...m, fromHistory: false } : m,
    )
    .reverse();
  if (older) return [...page.filter((m) => !isStored(m, state.messages)), ...state.messages];
  // Re-reading the newest page (after a reconnect) must keep older pages above it, and what
  // the server does not know yet (queued, streaming) below it.
  const unseen = state.messages.filter((m) => !isStored(m, page));
  const oldest = page[0]?.createdAt;
  const earlier =
    oldest === undefined ? [] : unseen.filter((m) => isPersisted(m) && m.createdAt < oldest);
  const later = unseen.filter((m) => !earlier.includes(m));
  return [...earlier, ...page, ...later];
}

/** Pure: the chat state after one client event or UI action. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "status":
      return { ...state, status: action.status, retryInMs: action.retryInMs };
    case "disconnected":
      return state;
    case "session":
      return state.sessionId === action.sessionId
        ? state
        : { ...state, sessionId: action.sessionId };
    case "session-selected":
      return {
        ...initialChatState,
        status: state.status,
        sessionId: action.sessionId,
        history: { loading: action.sessionId !== null, nextCursor: null, failed: false },
      };
    case "history-loading":
      return { ...state, history: { ...state.history, loading: true, failed: false } };
    case "history-failed":
      return { ...state, history: { ...state.history, loading: false, failed: true } };
    case "history-loaded":
      return {
        ...state,
        messages: mergeHistory(state, action.items, action.older),
        history: {
          loading: false,
          failed: false,
          nextCursor:
            action.older || state.history.nextCursor === null
              ? action.nextCursor
              : state.history.nextCursor,
        },
      };
    case "queued":
      return {
        ...state,
        messages: [
          ...state.messages,
          {
            type: "user",
            key: `u-${action.clientMessageId}`,
            clientMessageId: action.clientMessageId,
            content: action.content,
            createdAt: action.createdAt,
            status: "queued",
          },
        ],
      };
    case "sent":
      return {
        ...state,
        messages: updateUser(state.messages, action.clientMessageId, (m) => ({
          ...m,
          status: m.status === "delivered" ? m.status : "sending",
          error: undefined,
        })),
      };
    case "ack":
      return {
        ...state,
        sessionId: state.sessionId ?? action.sessionId,
        messages: updateUser(state.messages, action.clientMessageId, (m) => ({
          ...m,
          messageId: action.messageId,
          status: "delivered",
          error: undefined,
        })),
      };
    case "reply-progress": {
      const index = replySlot(state.messages, action.messageId, action.replyTo);
      const existing = state.messages[index];
      if (existing?.type === "assistant") return state;
      const streaming: ChatMessage = {
        type: "assistant-streaming",
        key: `s-${action.messageId}`,
        messageId: action.messageId,
        replyTo: action.replyTo,
        content: action.text,
        createdAt: existing?.createdAt ?? new Date().toISOString(),
      };
      return { ...state, messages: placeReply(state.messages, index, streaming) };
    }
    case "reply": {
      const frame = action.message;
      const final: ChatMessage = {
        type: "assistant",
        key: `a-${frame.messageId}`,
        messageId: frame.messageId,
        replyTo: frame.replyTo,
        content: frame.content,
        createdAt: frame.createdAt,
        stopped: frame.stopped,
        sources: frame.sources,
        followUps: frame.followUps,
      };
      const index = replySlot(state.messages, frame.messageId, frame.replyTo);
      return {
        ...state,
        messages: placeReply(state.messages, index, final),
        lastReply: { messageId: frame.messageId, content: frame.content },
      };
    }
    case "error": {
      const { clientMessageId, code, retryable } = action;
      const question = state.messages.find(
        (m) => m.type === "user" && m.clientMessageId === clientMessageId,
      );
      if (question?.type !== "user") return { ...state, notice: code };
      const answered = question.messageId;
      // A stored question keeps "delivered" (it is saved); its reply failed. Either way the
      // error ends "Sending…", and a stream cut off for it is not left behind.
      const messages = updateUser(state.messages, question.clientMessageId, (m) => ({
        ...m,
        status: m.messageId === undefined ? "failed" : m.status,
        error: { code, retryable },
      })).filter((m) => m.type !== "assistant-streaming" || m.replyTo !== answered);
      return { ...state, messages };
    }
    case "notice-dismissed":
      return { ...state, notice: null };
    case "auth-failed":
      return { ...state, notice: "unauthorized" };
  }
}

/** The conversation ends with a learner's message that has no reply (yet), nor an error. */
export function endsUnanswered(messages: ChatMessage[]): boolean {
  const last = messages.at(-1);
  return (
    last?.type === "user" &&
    last.error === undefined &&
    last.status !== "failed" &&
    last.status !== "queued"
  );
}

/** A reply is under way: the last thing the learner sent has no final answer yet. */
export function isAwaitingReply(messages: ChatMessage[]): boolean {
  const last = messages.at(-1);
  if (last === undefined) return false;
  if (last.type === "assistant-streaming") return true;
  return (
    last.type === "user" &&
    last.fromHistory !== true &&
    last.error === undefined &&
    (last.status === "sending" || last.status === "delivered")
  );
}
