import { apiUrl, requestJson, type FetchLike } from "./http";
import type { Tokens } from "./types";

export interface HealthReport {
  status: "ok" | "unavailable";
}

export interface RegisterInput {
  username: string;
  password: string;
  displayName?: string;
  /** Only under the `invite` registration policy. */
  inviteCode?: string;
}

export interface AuthApi {
  health(): Promise<HealthReport>;
  register(input: RegisterInput): Promise<Tokens>;
  login(input: { username: string; password: string }): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Tokens>;
  logout(refreshToken: string): Promise<void>;
  /** Sets a new password with a teacher's one-time reset link (`/reset/{token}`). */
  resetPassword(input: { token: string; password: string }): Promise<void>;
}

/** The routes that need no access token. */
export function createAuthApi(base: string, fetchImpl: FetchLike): AuthApi {
  const post = <T>(path: string, body: unknown) =>
    requestJson<T>(fetchImpl, { method: "POST", url: apiUrl(base, path), body });
  return {
    health: () =>
      requestJson<HealthReport>(fetchImpl, { method: "GET", url: apiUrl(base, "/api/health") }),
    register: (input) => post<Tokens>("/api/auth/register", input),
    login: (input) => post<Tokens>("/api/auth/login", input),
    refresh: (refreshToken) => post<Tokens>("/api/auth/refresh", { refreshToken }),
    logout: (refreshToken) => post<undefined>("/api/auth/logout", { refreshToken }),
    resetPassword: (input) => post<undefined>("/api/auth/reset", input),
  };
}
