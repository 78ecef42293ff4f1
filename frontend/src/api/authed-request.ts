import { ApiError } from "./api-error";
import { apiUrl, requestJson, requestText, type FetchLike, type JsonRequest } from "./http";

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

/** A GET of a text body (a CSV export), with the same Bearer and renew-once rule. */
export type AuthedTextRequest = (path: string) => Promise<string>;

/**
 * Requests with `Authorization: Bearer`; on a 401 it renews the token and retries exactly
 * once (the token may have been revoked or the clock skewed), then gives up and signs out.
 */
export function createAuthedRequest(
  base: string,
  tokens: AccessTokens,
  fetchImpl: FetchLike,
): AuthedRequest {
  return <T>(method: JsonRequest["method"], path: string, body?: unknown): Promise<T> =>
    withRenewal(tokens, (accessToken) =>
      requestJson<T>(fetchImpl, { method, url: apiUrl(base, path), body, accessToken }),
    );
}

export function createAuthedTextRequest(
  base: string,
  tokens: AccessTokens,
  fetchImpl: FetchLike,
): AuthedTextRequest {
  return (path) =>
    withRenewal(tokens, (accessToken) =>
      requestText(fetchImpl, { method: "GET", url: apiUrl(base, path), accessToken }),
    );
}

async function withRenewal<T>(
  tokens: AccessTokens,
  send: (accessToken: string) => Promise<T>,
): Promise<T> {
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
}
