import type { Tokens, User } from "../api/types";

/** Where the refresh token may live: sessionStorage (this tab only), never localStorage. */
export interface RefreshTokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const REFRESH_KEY = "ibal.refresh";
const USER_KEY = "ibal.user";

export function saveSession(storage: RefreshTokenStorage, tokens: Tokens): void {
  storage.setItem(REFRESH_KEY, tokens.refreshToken);
  storage.setItem(USER_KEY, JSON.stringify(tokens.user));
}

export function loadRefreshToken(storage: RefreshTokenStorage): string | null {
  return storage.getItem(REFRESH_KEY);
}

export function clearSession(storage: RefreshTokenStorage): void {
  storage.removeItem(REFRESH_KEY);
  storage.removeItem(USER_KEY);
}

export type { User };
