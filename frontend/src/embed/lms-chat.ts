import { createAuthedRequest } from "../api/authed-request";
import { createSessionsApi } from "../api/sessions-api";
import { wsConnectUrl } from "../api/ws-connect-url";
import { ChatStore } from "../chat/chat-store";
import { ChatClient, type ChatClientEvent } from "../protocol/chat-client";
import { LmsTokens, type LmsSignInOptions } from "./lms-tokens";
import { randomId } from "./random-id";

export interface LmsChatOptions extends LmsSignInOptions {
  wsUrl: string;
  /** Every protocol event, after the chat state took it in. */
  onEvent?: (event: ChatClientEvent) => void;
  /** The sign-in could not be renewed: the learner has to start the chat again. */
  onSignedOut?: () => void;
}

export interface LmsChat {
  tokens: LmsTokens;
  store: ChatStore;
}

/**
 * The app's protocol client and chat state for a chat embedded in an LMS page (the XBlock):
 * the same ChatClient (resume, backoff, outbox, heartbeat), the same reducer and history
 * catch-up, signed in through the LMS. The embedder only renders `store`'s state.
 */
export function createLmsChat(options: LmsChatOptions): LmsChat {
  const tokens = new LmsTokens(options, options.onSignedOut);
  const sessionsApi = createSessionsApi(createAuthedRequest(options.apiUrl, tokens, options.fetch));
  const connectUrl = wsConnectUrl({
    wsUrl: options.wsUrl,
    wsTicket: () => sessionsApi.wsTicket(),
    // Never ?token=: the browser prints a failed WebSocket's URL to the console.
    tokenFallback: null,
  });
  const client = new ChatClient({
    connectUrl: async () => {
      const url = await connectUrl();
      options.log("info", "connection", `connecting to ${url}`);
      return url;
    },
    createId: randomId,
  });
  const store = new ChatStore(
    client,
    (sessionId, cursor) => sessionsApi.messages(sessionId, cursor),
    options.onEvent,
  );
  return { tokens, store };
}
