import type { FetchLike } from "../api/http";

export interface AppConfig {
  /** Absolute ws:// or wss:// URL of the WebSocket API. */
  wsUrl: string;
  /** Base of the HTTP API (routes start with /api), without a trailing slash. */
  apiUrl: string;
}

export class ConfigError extends Error {
  constructor(reason: string) {
    super(`Could not load /config.json: ${reason}`);
    this.name = "ConfigError";
  }
}

/**
 * The backend's location comes from /config.json beside the page, so one build serves the
 * local gateway, Caddy and S3 + CloudFront alike. Relative URLs resolve against the page.
 */
export async function loadConfig(fetchImpl: FetchLike, pageUrl: string): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchImpl(new URL("/config.json", pageUrl).toString(), { cache: "no-store" });
  } catch {
    throw new ConfigError("the server did not answer");
  }
  if (!response.ok) throw new ConfigError(`HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConfigError("it is not JSON");
  }
  const raw = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof raw.wsUrl !== "string" || raw.wsUrl === "") throw new ConfigError("wsUrl is missing");
  const apiUrl = typeof raw.apiUrl === "string" ? raw.apiUrl : "";
  return { wsUrl: resolveWsUrl(raw.wsUrl, pageUrl), apiUrl: resolveApiUrl(apiUrl, pageUrl) };
}

export function resolveApiUrl(apiUrl: string, pageUrl: string): string {
  return new URL(apiUrl === "" ? "/" : apiUrl, pageUrl).toString().replace(/\/+$/, "");
}

export function resolveWsUrl(wsUrl: string, pageUrl: string): string {
  const url = new URL(wsUrl, pageUrl);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  return url.toString();
}
