import { createAuthApi, type AuthApi } from "../api/auth-api";
import { createAdminApi, type AdminApi } from "../api/admin-api";
import { createAuthedRequest, createAuthedTextRequest } from "../api/authed-request";
import { createClassesApi, type ClassesApi } from "../api/classes-api";
import type { FetchLike } from "../api/http";
import { createMeApi, type MeApi } from "../api/me-api";
import { createSessionsApi, type SessionsApi } from "../api/sessions-api";
import { wsConnectUrl } from "../api/ws-connect-url";
import { TokenManager } from "../auth/token-manager";
import type { AppConfig } from "../config/load-config";

/** Everything the pages use to reach the backend, built once from /config.json. */
export interface Services {
  config: AppConfig;
  authApi: AuthApi;
  tokens: TokenManager;
  sessionsApi: SessionsApi;
  meApi: MeApi;
  classesApi: ClassesApi;
  adminApi: AdminApi;
  /** Fresh credentials in a WebSocket URL, for each connection a ChatClient opens. */
  connectUrl: () => Promise<string>;
}

export function createServices(
  config: AppConfig,
  fetchImpl: FetchLike,
  storage: Storage,
): Services {
  const authApi = createAuthApi(config.apiUrl, fetchImpl);
  const tokens = new TokenManager({ refresh: (rt) => authApi.refresh(rt), storage });
  const request = createAuthedRequest(config.apiUrl, tokens, fetchImpl);
  const sessionsApi = createSessionsApi(request);
  const classesApi = createClassesApi(
    request,
    createAuthedTextRequest(config.apiUrl, tokens, fetchImpl),
  );

  const connectUrl = wsConnectUrl({
    wsUrl: config.wsUrl,
    wsTicket: () => sessionsApi.wsTicket(),
    tokenFallback: () => tokens.getAccessToken(),
  });

  return {
    config,
    authApi,
    tokens,
    sessionsApi,
    meApi: createMeApi(request),
    classesApi,
    adminApi: createAdminApi(request),
    connectUrl,
  };
}
