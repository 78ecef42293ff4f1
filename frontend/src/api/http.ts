import { ApiError, apiErrorFrom } from "./api-error";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
  accessToken?: string;
  /** Extra request headers (the LMS's CSRF token for an XBlock handler). */
  headers?: Record<string, string>;
}

/** Sends a request; answers the response when it is 2xx, else throws ApiError. */
async function send(fetchImpl: FetchLike, request: JsonRequest, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...request.headers };
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
  return response;
}

/** One JSON round trip: answers the parsed body (undefined for 204) or throws ApiError. */
export async function requestJson<T>(fetchImpl: FetchLike, request: JsonRequest): Promise<T> {
  const response = await send(fetchImpl, request, "application/json");
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError("internal", response.status);
  }
}

/** A text round trip (a CSV export): answers the body as text or throws ApiError. */
export async function requestText(fetchImpl: FetchLike, request: JsonRequest): Promise<string> {
  const response = await send(fetchImpl, request, "text/csv, text/plain");
  try {
    return await response.text();
  } catch {
    throw new ApiError("network", 0);
  }
}

/** Joins the configured API base (absolute, or relative to the page) with a route. */
export function apiUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

/** `?a=1&b=2` from the parameters that are set; "" when none is. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
