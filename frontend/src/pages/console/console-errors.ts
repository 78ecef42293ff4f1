import { ApiError, type HttpErrorCode } from "../../api/api-error";

/** What a teacher reads for each typed error; the server's message text is never shown. */
export function describeConsoleError(error: unknown): string {
  const code: HttpErrorCode = error instanceof ApiError ? error.code : "internal";
  switch (code) {
    case "forbidden":
      return "You are not a teacher of this class. Ask your administrator for access.";
    case "not_found":
      return "This class or learner no longer exists.";
    case "invalid_request":
      return "The server did not accept these values. Check them and try again.";
    case "conflict":
      return "Someone changed this at the same time. Reload and try again.";
    case "rate_limited":
      return "Too many requests. Wait a moment, then try again.";
    case "network":
      return "Can't reach the server. Check your connection and try again.";
    case "unauthorized":
      return "Your sign-in has expired. Please log in again.";
    case "account_suspended":
      return "Your account is suspended.";
    case "invalid_invite":
    case "invite_required":
      return "That invite code is not valid (unknown, expired, revoked or full).";
    case "registration_closed":
    case "internal":
      return "Something went wrong on our side. Please try again.";
  }
}
