import { ApiError, apiErrorFrom } from "./api-error";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
  accessToken?: string;
  /** Extra request headers (the LMS's CSRF token for an XBlock handler). */
  headers?: Record<string, string>;
}

/** One JSON round trip: answers the parsed body (undefined for 204) or throws ApiError. */
export async function requestJson<T>(fetchImpl: FetchLike, request: JsonRequest): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...request.headers };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  if (request.accessToken !== undefined) headers.Authorization = `Bearer ${request.accessToken}`;
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  } catch {
    throw new ApiError("network", 0);
  }
  if (!response.ok) throw await apiErrorFrom(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError("internal", response.status);
  }
}

/** Joins the configured API base (absolute, or relative to the page) with a route. */
export function apiUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}
