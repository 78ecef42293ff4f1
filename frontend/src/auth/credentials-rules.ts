import type { HttpErrorCode } from "../api/api-error";

/** The server's rules (docs/protocol.md), checked first so the learner sees which field is wrong. */
export interface FieldErrors {
  username?: string;
  password?: string;
  displayName?: string;
  inviteCode?: string;
  form?: string;
}

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 128;
// C0 and C1 controls (NUL included), and the bidi overrides and isolates that can make a
// name read differently from what it is (U+202A–U+202E, U+2066–U+2069).
const CONTROL = /\p{Cc}/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

export function validateUsername(raw: string): string | undefined {
  const username = raw.trim().toLowerCase();
  if (username.length < 3 || username.length > 32) return "Use 3 to 32 characters.";
  if (!/^[a-z0-9_.-]+$/.test(username))
    return "Use only letters, digits, dots, dashes and underscores.";
  return undefined;
}

/**
 * The server's password rules (NIST SP 800-63B) that a client can check: length in code
 * points after NFKC normalisation, no control characters, not one character repeated, not
 * containing the username. Only the server knows its blocklist of common passwords.
 */
export function validatePassword(password: string, username = ""): string | undefined {
  if (LONE_SURROGATE.test(password) || CONTROL.test(password))
    return "Use letters, digits, spaces and symbols only (no control characters).";
  const normalised = password.normalize("NFKC");
  // Code points, as the server counts them (not UTF-16 units, not grapheme clusters).
  const codePoints = Array.from(normalised);
  if (codePoints.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if (codePoints.length > MAX_PASSWORD) return `Use at most ${MAX_PASSWORD} characters.`;
  if (new Set(codePoints).size === 1) return "Use more than a single repeated character.";
  const name = username.trim().toLowerCase().normalize("NFKC");
  if (name !== "" && normalised.toLowerCase().includes(name))
    return "Don't put your username in your password.";
  return undefined;
}

export function validateDisplayName(displayName: string): string | undefined {
  if (
    CONTROL.test(displayName) ||
    BIDI_CONTROL.test(displayName) ||
    LONE_SURROGATE.test(displayName)
  )
    return "Use letters, digits, spaces and punctuation only.";
  return undefined;
}

/**
 * Server error codes to field messages; the server's message text is never shown. A 400 on
 * register after every rule above passed leaves one rule the client cannot check: the
 * server's list of the most common passwords (or a longer minimum set on this site).
 */
export function authErrorToFields(
  code: HttpErrorCode,
  mode: "login" | "register",
  sentInviteCode = false,
): FieldErrors {
  switch (code) {
    case "conflict":
      return { username: "That username is taken. Try another one." };
    case "unauthorized":
      return { form: "Wrong username or password." };
    case "invalid_request":
      return mode === "register"
        ? {
            password:
              "This password is too common or too short for this site. Choose a longer, less common one.",
          }
        : { form: "Enter your username and password." };
    case "registration_closed":
      return {
        form: "This site does not take new accounts. Ask your teacher or administrator for one.",
      };
    case "invalid_invite":
      return { inviteCode: "That invite code is not valid. Check it with your teacher." };
    case "account_suspended":
      return {
        form: "Your account is suspended. Ask your teacher to restore it.",
      };
    case "invite_required":
      return {
        inviteCode: sentInviteCode
          ? "That invite code is not valid. Check it with your teacher."
          : "This site needs an invite code to create an account. Ask your teacher for one.",
      };
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
