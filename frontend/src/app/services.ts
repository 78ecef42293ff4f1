import { ApiError } from "../api/api-error";
import { createAuthApi, type AuthApi } from "../api/auth-api";
import { createAuthedRequest } from "../api/authed-request";
import type { FetchLike } from "../api/http";
import { createSessionsApi, type SessionsApi } from "../api/sessions-api";
import { TokenManager } from "../auth/token-manager";
import type { AppConfig } from "../config/load-config";
import { AuthExpiredError, ChatClient } from "../protocol/chat-client";

/** Everything the pages use to reach the backend, built once from /config.json. */
export interface Services {
  config: AppConfig;
  authApi: AuthApi;
  tokens: TokenManager;
  sessionsApi: SessionsApi;
  createChatClient(): ChatClient;
}

export function createServices(
  config: AppConfig,
  fetchImpl: FetchLike,
  storage: Storage,
): Services {
  const authApi = createAuthApi(config.apiUrl, fetchImpl);
  const tokens = new TokenManager({ refresh: (rt) => authApi.refresh(rt), storage });
  const sessionsApi = createSessionsApi(createAuthedRequest(config.apiUrl, tokens, fetchImpl));

  /** A one-time ticket keeps the access token out of URLs (and so out of access logs). */
  const connectUrl = async (): Promise<string> => {
    const url = new URL(config.wsUrl);
    try {
      url.searchParams.set("ticket", (await sessionsApi.wsTicket()).ticket);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "unauthorized") throw new AuthExpiredError();
      // A backend without the ticket route: fall back to the token, as the protocol allows.
      if (error.code !== "not_found") throw error;
      url.searchParams.set("token", await tokens.getAccessToken());
    }
    return url.toString();
  };

  return {
    config,
    authApi,
    tokens,
    sessionsApi,
    createChatClient: () => new ChatClient({ connectUrl }),
  };
}
