import { AuthExpiredError } from "../protocol/auth-expired-error";
import { ApiError } from "./api-error";

export interface WsConnectUrlOptions {
  wsUrl: string;
  /** POST /api/auth/ws-ticket, authenticated (it renews the token once on a 401). */
  wsTicket: () => Promise<{ ticket: string }>;
  /**
   * The access token, for a backend without the ticket route (the protocol's fallback); null
   * never to put a token in a URL (browsers print a failed WebSocket's URL to the console).
   */
  tokenFallback: (() => Promise<string>) | null;
}

/**
 * The URL a ChatClient opens: `{wsUrl}?ticket=…`, a one-time ticket that keeps the access
 * token out of URLs (and so out of access logs). A 401 means the sign-in is gone for good.
 */
export function wsConnectUrl(options: WsConnectUrlOptions): () => Promise<string> {
  return async () => {
    const url = new URL(options.wsUrl);
    try {
      url.searchParams.set("ticket", (await options.wsTicket()).ticket);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // A suspended learner's sign-in is over too: the server refuses them a ticket.
      if (error.code === "unauthorized" || error.code === "account_suspended") {
        throw new AuthExpiredError();
      }
      if (error.code !== "not_found" || options.tokenFallback === null) throw error;
      url.searchParams.set("token", await options.tokenFallback());
    }
    return url.toString();
  };
}
