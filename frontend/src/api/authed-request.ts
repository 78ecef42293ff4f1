import { ApiError } from "./api-error";
import { apiUrl, requestJson, type FetchLike, type JsonRequest } from "./http";

export interface AccessTokens {
  getAccessToken(): Promise<string>;
  refresh(): Promise<string>;
  signOut(reason: "expired"): unknown;
}

export type AuthedRequest = <T>(
  method: JsonRequest["method"],
  path: string,
  body?: unknown,
) => Promise<T>;

/**
 * Requests with `Authorization: Bearer`; on a 401 it renews the token and retries exactly
 * once (the token may have been revoked or the clock skewed), then gives up and signs out.
 */
export function createAuthedRequest(
  base: string,
  tokens: AccessTokens,
  fetchImpl: FetchLike,
): AuthedRequest {
  return async <T>(method: JsonRequest["method"], path: string, body?: unknown): Promise<T> => {
    const send = (accessToken: string) =>
      requestJson<T>(fetchImpl, { method, url: apiUrl(base, path), body, accessToken });
    try {
      return await send(await tokens.getAccessToken());
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "unauthorized") throw error;
    }
    try {
      return await send(await tokens.refresh());
    } catch (error) {
      if (error instanceof ApiError && error.code === "unauthorized") tokens.signOut("expired");
      throw error;
    }
  };
}
