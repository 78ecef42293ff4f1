/**
 * Error codes of the HTTP API (docs/protocol.md, "HTTP API"), plus `network` for no answer.
 * `registration_closed` (403) answers register under `REGISTRATION_POLICY=closed`;
 * `invite_required` (403) under `invite` when the `inviteCode` is missing; `invalid_invite`
 * (403) when it is not valid (unknown, expired, revoked or out of seats). `account_suspended`
 * (403) answers sign-in, refresh and ws-ticket for a learner a teacher suspended (issue 10).
 */
export const HTTP_ERROR_CODES = [
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "registration_closed",
  "invite_required",
  "invalid_invite",
  "account_suspended",
  "internal",
] as const;

export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number] | "network";

export class ApiError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    readonly status: number,
  ) {
    super(`API request failed: ${code} (HTTP ${status})`);
    this.name = "ApiError";
  }
}

function codeForStatus(status: number): HttpErrorCode {
  if (status === 400 || status === 422) return "invalid_request";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  return "internal";
}

/** Reads `{"error":{"code"}}`; falls back on the status when the body is not ours (a proxy page). */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let code: HttpErrorCode = codeForStatus(response.status);
  try {
    const body: unknown = await response.json();
    const candidate =
      typeof body === "object" && body !== null && "error" in body
        ? (body.error as { code?: unknown } | null)?.code
        : undefined;
    if ((HTTP_ERROR_CODES as readonly unknown[]).includes(candidate)) {
      code = candidate as HttpErrorCode;
    }
  } catch {
    // Not JSON: the status-derived code stands.
  }
  return new ApiError(code, response.status);
}
