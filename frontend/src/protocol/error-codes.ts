/** Error codes the server sends in WebSocket `error` frames (docs/protocol.md, "Error codes"). */
export const WS_ERROR_CODES = [
  "invalid_message",
  "message_too_large",
  "unknown_action",
  "rate_limited",
  "quota_exceeded",
  "budget_exhausted",
  "account_suspended",
  "not_found",
  "session_not_found",
  "model_unavailable",
  "unavailable",
  "internal",
] as const;

export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/**
 * Codes the client invents for failures the server never named: the connection dropped, the
 * sign-in expired, or the server closed the socket twice right after this message was sent
 * (`message_rejected`: resending it again would only loop).
 */
export const CLIENT_ERROR_CODES = ["connection_lost", "unauthorized", "message_rejected"] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type ChatErrorCode = WsErrorCode | ClientErrorCode;

export function toWsErrorCode(value: unknown): WsErrorCode {
  return (WS_ERROR_CODES as readonly unknown[]).includes(value)
    ? (value as WsErrorCode)
    : "internal";
}

/** What the learner reads for each code; the server's message text is never shown or parsed. */
export function describeChatError(code: ChatErrorCode): string {
  switch (code) {
    case "invalid_message":
      return "That message could not be sent. Please check it and try again.";
    case "message_too_large":
      return "That message is too long. Please shorten it to 4000 characters or fewer.";
    case "unknown_action":
      return "The app and the server disagree about the protocol. Please reload the page.";
    case "rate_limited":
      return "You are sending messages quickly. Wait a moment, then retry.";
    case "quota_exceeded":
      return "You have reached today's message limit. It resets at midnight UTC.";
    case "budget_exhausted":
      return "Your class has used its budget for this month — ask your teacher.";
    case "account_suspended":
      return "Your account is suspended. Ask your teacher to restore it.";
    case "not_found":
      return "You are not a member of that class any more.";
    case "session_not_found":
      return "This conversation no longer exists. Start a new chat.";
    case "model_unavailable":
      return "The assistant is unavailable right now. Your message is saved; retry in a moment.";
    case "unavailable":
      return "The service is briefly unavailable. Please retry in a moment.";
    case "internal":
      return "Something went wrong on our side. Please retry.";
    case "connection_lost":
      return "The connection dropped before the reply finished.";
    case "unauthorized":
      return "Your sign-in has expired. Please log in again.";
    case "message_rejected":
      return "This message could not be delivered.";
  }
}
