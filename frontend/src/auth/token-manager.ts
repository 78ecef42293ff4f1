import { ApiError } from "../api/api-error";
import type { Tokens, User } from "../api/types";
import {
  clearSession,
  loadRefreshToken,
  saveSession,
  type RefreshTokenStorage,
} from "./token-store";

export type AuthState =
  | { status: "restoring" }
  | { status: "signed-out"; reason?: "expired" }
  | { status: "signed-in"; user: User };

export interface TokenManagerOptions {
  refresh: (refreshToken: string) => Promise<Tokens>;
  storage: RefreshTokenStorage;
  now?: () => number;
  /** Renew this long before the access token expires (capped at a fifth of its lifetime). */
  refreshMarginMs?: number;
}

/**
 * Holds the access token in memory only (never in any storage) and the refresh token in
 * sessionStorage; renews the access token shortly before it expires and on demand after a
 * 401, with one refresh in flight at a time because the server rotates refresh tokens
 * (a second concurrent refresh would reuse a rotated token and revoke the family).
 */
export class TokenManager {
  private readonly now: () => number;
  private readonly marginMs: number;
  private readonly listeners = new Set<(state: AuthState) => void>();
  private accessToken: string | null = null;
  private expiresAt = 0;
  private renewAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<string> | null = null;
  private state: AuthState = { status: "signed-out" };

  constructor(private readonly options: TokenManagerOptions) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.refreshMarginMs ?? 60_000;
  }

  get authState(): AuthState {
    return this.state;
  }

  subscribe(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After register or login. */
  signIn(tokens: Tokens): void {
    this.accept(tokens);
  }

  /** On page load: a refresh token kept by this tab signs the user back in. */
  async restore(): Promise<boolean> {
    if (loadRefreshToken(this.options.storage) === null) return false;
    this.setState({ status: "restoring" });
    try {
      await this.refresh();
      return true;
    } catch {
      if (this.state.status === "restoring") this.setState({ status: "signed-out" });
      return false;
    }
  }

  /** A valid access token, renewed first when it is about to expire. */
  async getAccessToken(): Promise<string> {
    if (this.accessToken !== null && this.now() < this.renewAt) return this.accessToken;
    return this.refresh();
  }

  /** Renews now (e.g. after a 401). Concurrent callers share one request. */
  refresh(): Promise<string> {
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Forgets everything locally and answers the refresh token, for the logout call. */
  signOut(reason?: "expired"): string | null {
    const refreshToken = loadRefreshToken(this.options.storage);
    clearTimeout(this.timer);
    this.accessToken = null;
    this.expiresAt = 0;
    clearSession(this.options.storage);
    this.setState(
      reason === undefined ? { status: "signed-out" } : { status: "signed-out", reason },
    );
    return refreshToken;
  }

  private async doRefresh(): Promise<string> {
    const refreshToken = loadRefreshToken(this.options.storage);
    if (refreshToken === null) {
      this.signOut("expired");
      throw new ApiError("unauthorized", 401);
    }
    try {
      const tokens = await this.options.refresh(refreshToken);
      this.accept(tokens);
      return tokens.accessToken;
    } catch (error) {
      // A rejected refresh token cannot recover; a network failure can, so keep it then.
      if (
        error instanceof ApiError &&
        (error.code === "unauthorized" ||
          error.code === "forbidden" ||
          error.code === "account_suspended")
      ) {
        this.signOut("expired");
      }
      throw error;
    }
  }

  private accept(tokens: Tokens): void {
    const lifetimeMs = Math.max(0, tokens.expiresIn * 1000);
    const now = this.now();
    this.accessToken = tokens.accessToken;
    this.expiresAt = now + lifetimeMs;
    this.renewAt = this.expiresAt - Math.min(this.marginMs, lifetimeMs / 5);
    saveSession(this.options.storage, tokens);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // Retried on next use; a dead refresh token has already signed the user out.
      });
    }, this.renewAt - now);
    this.setState({ status: "signed-in", user: tokens.user });
  }

  private setState(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
