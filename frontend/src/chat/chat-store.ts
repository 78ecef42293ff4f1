import type { Page, StoredMessage } from "../api/types";
import type { ChatClient, ChatClientEvent } from "../protocol/chat-client";
import {
  chatReducer,
  endsUnanswered,
  initialChatState,
  type ChatAction,
  type ChatState,
} from "./chat-state";

/**
 * After a reconnect, the reply to a message sent before the drop may still be generating on
 * the server; history is re-read a few times, spaced out, until it shows up.
 */
const CATCH_UP_DELAYS_MS = [1500, 4000, 9000];

/** Reads one page of a session's stored messages, newest first (GET /api/sessions/{id}/messages). */
export type LoadMessages = (
  sessionId: string,
  cursor: string | null,
) => Promise<Page<StoredMessage>>;

/**
 * One conversation on screen, framework-free: owns the protocol client's events, the chat
 * state (through the pure reducer) and the history it reads, including the catch-up after a
 * reconnect. The app's useChat hook and the XBlock render from it; neither touches the socket.
 */
export class ChatStore {
  private state: ChatState = initialChatState;
  private readonly listeners = new Set<(state: ChatState) => void>();
  private readonly catchUpTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly unsubscribeClient: () => void;
  /** The conversation shown; history answers for any other are dropped. */
  private shownSession: string | null = null;

  constructor(
    private readonly client: ChatClient,
    private readonly loadMessages: LoadMessages,
    /** Every client event, after the state took it in (for callbacks and logging). */
    private readonly onEvent: (event: ChatClientEvent) => void = () => undefined,
  ) {
    this.unsubscribeClient = client.subscribe((event) => this.onClientEvent(event));
  }

  getState(): ChatState {
    return this.state;
  }

  /** `listener` runs after every change, with the new state. */
  subscribe(listener: (state: ChatState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects, resuming `sessionId` and showing its history, or (null) ready for a new chat. */
  start(sessionId: string | null): void {
    this.shownSession = sessionId;
    this.client.start(sessionId);
    if (sessionId === null) return;
    this.dispatch({ type: "session-selected", sessionId });
    this.loadHistory(sessionId, null);
  }

  /** Shows another conversation (or a new chat) on the same connection. */
  select(sessionId: string | null): void {
    if (sessionId === this.shownSession) return;
    this.shownSession = sessionId;
    this.dispatch({ type: "session-selected", sessionId });
    this.client.openSession(sessionId);
    if (sessionId !== null) this.loadHistory(sessionId, null);
  }

  send(content: string): void {
    this.client.send(content);
  }

  retry(clientMessageId: string): void {
    this.client.retry(clientMessageId);
  }

  stop(): void {
    this.client.stop();
  }

  setOnline(online: boolean): void {
    this.client.setOnline(online);
  }

  loadOlder(): void {
    const cursor = this.state.history.nextCursor;
    if (this.shownSession !== null && cursor !== null) this.loadHistory(this.shownSession, cursor);
  }

  reloadHistory(): void {
    if (this.shownSession !== null) this.loadHistory(this.shownSession, null);
  }

  dismissNotice(): void {
    this.dispatch({ type: "notice-dismissed" });
  }

  dispose(): void {
    for (const timer of this.catchUpTimers) clearTimeout(timer);
    this.catchUpTimers.clear();
    this.unsubscribeClient();
    this.client.dispose();
    this.listeners.clear();
  }

  private onClientEvent(event: ChatClientEvent): void {
    this.dispatch(event);
    if (event.type === "session") {
      const started = this.shownSession === null;
      this.shownSession = event.sessionId;
      // After a drop, replies may have finished while we were away: fetch what was stored.
      if (event.reconnected && !started) this.catchUp(event.sessionId);
    }
    this.onEvent(event);
  }

  private catchUp(forSession: string): void {
    this.loadHistory(forSession, null);
    for (const delay of CATCH_UP_DELAYS_MS) {
      const timer = setTimeout(() => {
        this.catchUpTimers.delete(timer);
        const { messages } = this.state;
        const streaming = messages.some((m) => m.type === "assistant-streaming");
        if (this.shownSession === forSession && endsUnanswered(messages) && !streaming)
          this.loadHistory(forSession, null);
      }, delay);
      this.catchUpTimers.add(timer);
    }
  }

  private loadHistory(forSession: string, cursor: string | null): void {
    this.dispatch({ type: "history-loading" });
    this.loadMessages(forSession, cursor).then(
      (page) => {
        if (this.shownSession !== forSession) return;
        this.dispatch({
          type: "history-loaded",
          items: page.items,
          nextCursor: page.nextCursor,
          older: cursor !== null,
        });
      },
      () => {
        if (this.shownSession === forSession) this.dispatch({ type: "history-failed" });
      },
    );
  }

  private dispatch(action: ChatAction): void {
    const next = chatReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}
