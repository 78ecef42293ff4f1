import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Services } from "../app/services";
import { ChatClient } from "../protocol/chat-client";
import { initialChatState, isAwaitingReply, type ChatState } from "./chat-state";
import { ChatStore } from "./chat-store";

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
 * The one owner of the connection and the chat state in the app: a ChatStore per mounted
 * chat page, followed into React state. Components get this controller (through
 * ChatContext), never the socket.
 */
export function useChat({
  services,
  sessionId,
  onSessionStarted,
  onReplyFinished,
}: UseChatParams): ChatController {
  const [state, setState] = useState<ChatState>(initialChatState);
  const storeRef = useRef<ChatStore | null>(null);
  const sessionIdInUrl = useRef(sessionId);
  const callbacksRef = useRef({ onSessionStarted, onReplyFinished });
  useEffect(() => {
    callbacksRef.current = { onSessionStarted, onReplyFinished };
  });

  // One store (and client) per mounted chat page; it survives session switches.
  useEffect(() => {
    const store = new ChatStore(
      // The protocol client loads with the chat page, not with the welcome and sign-in pages.
      new ChatClient({ connectUrl: services.connectUrl }),
      (forSession, cursor) => services.sessionsApi.messages(forSession, cursor),
      (event) => {
        if (event.type === "ack") {
          if (event.sessionId !== sessionIdInUrl.current)
            callbacksRef.current.onSessionStarted(event.sessionId);
        } else if (event.type === "reply") {
          callbacksRef.current.onReplyFinished();
        } else if (
          event.type === "auth-failed" ||
          (event.type === "error" && event.code === "account_suspended")
        ) {
          // A suspended account chats no more: end the sign-in (log-in then says why).
          services.tokens.signOut("expired");
        }
      },
    );
    storeRef.current = store;
    const unsubscribe = store.subscribe(setState);
    const online = () => store.setOnline(true);
    const offline = () => store.setOnline(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    store.setOnline(navigator.onLine);
    store.start(sessionIdInUrl.current);
    setState(store.getState());
    return () => {
      unsubscribe();
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      store.dispose();
      storeRef.current = null;
    };
  }, [services]);

  // The URL picked another conversation (sidebar, new chat, back button).
  useEffect(() => {
    sessionIdInUrl.current = sessionId;
    storeRef.current?.select(sessionId);
  }, [sessionId]);

  const send = useCallback((content: string) => storeRef.current?.send(content), []);
  const retry = useCallback((id: string) => storeRef.current?.retry(id), []);
  // Which question's reply Stop was pressed for; derived state clears itself when it ends.
  const [stoppedFor, setStoppedFor] = useState<string | null>(null);
  const lastQuestion = [...state.messages].reverse().find((m) => m.type === "user")?.key ?? null;
  const stop = useCallback(() => {
    storeRef.current?.stop();
    setStoppedFor(lastQuestion);
  }, [lastQuestion]);
  const loadOlder = useCallback(() => storeRef.current?.loadOlder(), []);
  const reloadHistory = useCallback(() => storeRef.current?.reloadHistory(), []);
  const dismissNotice = useCallback(() => storeRef.current?.dismissNotice(), []);

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
