import type { HttpErrorCode } from "../api/api-error";

/** The server's rules (docs/protocol.md), checked first so the learner sees which field is wrong. */
export interface FieldErrors {
  username?: string;
  password?: string;
  form?: string;
}

export function validateUsername(raw: string): string | undefined {
  const username = raw.trim().toLowerCase();
  if (username.length < 3 || username.length > 32) return "Use 3 to 32 characters.";
  if (!/^[a-z0-9_.-]+$/.test(username))
    return "Use only letters, digits, dots, dashes and underscores.";
  return undefined;
}

export function validatePassword(password: string): string | undefined {
  if (password.length < 8) return "Use at least 8 characters.";
  if (password.length > 128) return "Use at most 128 characters.";
  return undefined;
}

/** Server error codes to field messages; the server's message text is never shown. */
export function authErrorToFields(code: HttpErrorCode, mode: "login" | "register"): FieldErrors {
  switch (code) {
    case "conflict":
      return { username: "That username is taken. Try another one." };
    case "unauthorized":
      return { form: "Wrong username or password." };
    case "invalid_request":
      return mode === "register"
        ? {
            form: "The server did not accept these details. Check the username and password rules.",
          }
        : { form: "Enter your username and password." };
    case "rate_limited":
      return { form: "Too many attempts. Wait a minute, then try again." };
    case "network":
      return { form: "Can't reach the server. Check your connection and try again." };
    case "forbidden":
    case "not_found":
    case "internal":
      return { form: "Something went wrong on our side. Please try again." };
  }
}
