import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { Services } from "../app/services";
import type { ChatClient } from "../protocol/chat-client";
import {
  chatReducer,
  endsUnanswered,
  initialChatState,
  isAwaitingReply,
  type ChatState,
} from "./chat-state";

/**
 * After a reconnect, the reply to a message sent before the drop may still be generating on
 * the server; history is re-read a few times, spaced out, until it shows up.
 */
const CATCH_UP_DELAYS_MS = [1500, 4000, 9000];

export interface ChatController {
  state: ChatState;
  /** A reply is streaming or awaited: Stop applies. */
  replying: boolean;
  /** Stop was pressed for the reply now under way; it ends when the server's final message comes. */
  stopping: boolean;
  send: (content: string) => void;
  retry: (clientMessageId: string) => void;
  stop: () => void;
  loadOlder: () => void;
  reloadHistory: () => void;
  dismissNotice: () => void;
}

export interface UseChatParams {
  services: Services;
  /** The conversation the URL names; null for a new chat. */
  sessionId: string | null;
  /** The server opened a session for a new chat's first message. */
  onSessionStarted: (sessionId: string) => void;
  /** A reply finished: titles and order in the sidebar may have changed. */
  onReplyFinished: () => void;
}

/**
 * The one owner of the connection and the chat state. Components get this controller
 * (through ChatContext), never the socket.
 */
export function useChat({
  services,
  sessionId,
  onSessionStarted,
  onReplyFinished,
}: UseChatParams): ChatController {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });
  const clientRef = useRef<ChatClient | null>(null);
  const shownSessionRef = useRef<string | null>(sessionId);
  const sessionIdInUrl = useRef(sessionId);
  const callbacksRef = useRef({ onSessionStarted, onReplyFinished });
  useEffect(() => {
    callbacksRef.current = { onSessionStarted, onReplyFinished };
  });

  const loadHistory = useCallback(
    (forSession: string, cursor: string | null) => {
      dispatch({ type: "history-loading" });
      services.sessionsApi.messages(forSession, cursor).then(
        (page) => {
          if (shownSessionRef.current !== forSession) return;
          dispatch({
            type: "history-loaded",
            items: page.items,
            nextCursor: page.nextCursor,
            older: cursor !== null,
          });
        },
        () => {
          if (shownSessionRef.current === forSession) dispatch({ type: "history-failed" });
        },
      );
    },
    [services],
  );

  // One client per mounted chat page; it survives session switches.
  useEffect(() => {
    const client = services.createChatClient();
    clientRef.current = client;
    const catchUpTimers = new Set<ReturnType<typeof setTimeout>>();
    const catchUp = (forSession: string) => {
      loadHistory(forSession, null);
      for (const delay of CATCH_UP_DELAYS_MS) {
        const timer = setTimeout(() => {
          catchUpTimers.delete(timer);
          const current = stateRef.current;
          const streaming = current.messages.some((m) => m.type === "assistant-streaming");
          if (
            shownSessionRef.current === forSession &&
            endsUnanswered(current.messages) &&
            !streaming
          ) {
            loadHistory(forSession, null);
          }
        }, delay);
        catchUpTimers.add(timer);
      }
    };
    const unsubscribe = client.subscribe((event) => {
      dispatch(event);
      if (event.type === "session") {
        const started = shownSessionRef.current === null;
        shownSessionRef.current = event.sessionId;
        // After a drop, replies may have finished while we were away: fetch what was stored.
        if (event.reconnected && !started) catchUp(event.sessionId);
      } else if (event.type === "ack") {
        if (event.sessionId !== sessionIdInUrl.current)
          callbacksRef.current.onSessionStarted(event.sessionId);
      } else if (event.type === "reply") {
        callbacksRef.current.onReplyFinished();
      } else if (event.type === "auth-failed") {
        services.tokens.signOut("expired");
      }
    });
    const online = () => client.setOnline(true);
    const offline = () => client.setOnline(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    client.setOnline(navigator.onLine);
    client.start(shownSessionRef.current);
    if (shownSessionRef.current !== null) {
      dispatch({ type: "session-selected", sessionId: shownSessionRef.current });
      loadHistory(shownSessionRef.current, null);
    }
    return () => {
      for (const timer of catchUpTimers) clearTimeout(timer);
      unsubscribe();
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      client.dispose();
      clientRef.current = null;
    };
  }, [services, loadHistory]);

  // The URL picked another conversation (sidebar, new chat, back button).
  useEffect(() => {
    sessionIdInUrl.current = sessionId;
    if (sessionId !== null && sessionId === shownSessionRef.current) return;
    if (sessionId === null && shownSessionRef.current === null) return;
    shownSessionRef.current = sessionId;
    dispatch({ type: "session-selected", sessionId });
    clientRef.current?.openSession(sessionId);
    if (sessionId !== null) loadHistory(sessionId, null);
  }, [sessionId, loadHistory]);

  const send = useCallback((content: string) => {
    clientRef.current?.send(content);
  }, []);
  const retry = useCallback((clientMessageId: string) => {
    clientRef.current?.retry(clientMessageId);
  }, []);
  // Which question's reply Stop was pressed for; derived state clears itself when it ends.
  const [stoppedFor, setStoppedFor] = useState<string | null>(null);
  const lastQuestion = [...state.messages].reverse().find((m) => m.type === "user")?.key ?? null;
  const stop = useCallback(() => {
    clientRef.current?.stop();
    setStoppedFor(lastQuestion);
  }, [lastQuestion]);
  const nextCursor = state.history.nextCursor;
  const loadOlder = useCallback(() => {
    const current = shownSessionRef.current;
    if (current !== null && nextCursor !== null) loadHistory(current, nextCursor);
  }, [loadHistory, nextCursor]);
  const reloadHistory = useCallback(() => {
    const current = shownSessionRef.current;
    if (current !== null) loadHistory(current, null);
  }, [loadHistory]);
  const dismissNotice = useCallback(() => {
    dispatch({ type: "notice-dismissed" });
  }, []);

  const replying = isAwaitingReply(state.messages);
  const stopping = replying && stoppedFor !== null && stoppedFor === lastQuestion;
  return useMemo(
    () => ({
      state,
      replying,
      stopping,
      send,
      retry,
      stop,
      loadOlder,
      reloadHistory,
      dismissNotice,
    }),
    [state, replying, stopping, send, retry, stop, loadOlder, reloadHistory, dismissNotice],
  );
}
