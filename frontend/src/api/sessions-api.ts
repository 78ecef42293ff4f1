import type { AuthedRequest } from "./authed-request";
import { query } from "./http";
import type { Page, Session, StoredMessage } from "./types";

export interface SessionsApi {
  list(cursor?: string | null): Promise<Page<Session>>;
  messages(sessionId: string, cursor?: string | null): Promise<Page<StoredMessage>>;
  rename(sessionId: string, title: string): Promise<Session>;
  remove(sessionId: string): Promise<void>;
  wsTicket(): Promise<{ ticket: string; expiresIn: number }>;
}

export function createSessionsApi(request: AuthedRequest, pageSize = 20): SessionsApi {
  const session = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;
  return {
    list: (cursor) => request("GET", `/api/sessions${query({ limit: pageSize, cursor })}`),
    messages: (sessionId, cursor) =>
      request("GET", `${session(sessionId)}/messages${query({ limit: 50, cursor })}`),
    rename: (sessionId, title) => request("PATCH", session(sessionId), { title }),
    remove: (sessionId) => request("DELETE", session(sessionId)),
    wsTicket: () => request("POST", "/api/auth/ws-ticket"),
  };
}
