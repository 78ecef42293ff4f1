/** Thrown by `connectUrl` when the user has no valid credentials any more: retrying won't help. */
export class AuthExpiredError extends Error {
  constructor() {
    super("The sign-in expired; log in again.");
    this.name = "AuthExpiredError";
  }
}
