import { useCallback, useSyncExternalStore } from "react";
import { useServices } from "../app/services-context";
import type { AuthState } from "./token-manager";

export interface Auth {
  state: AuthState;
  login: (username: string, password: string) => Promise<void>;
  register: (username: string, password: string, displayName: string) => Promise<void>;
  logout: () => Promise<void>;
}

export function useAuth(): Auth {
  const { authApi, tokens } = useServices();
  const state = useSyncExternalStore(
    useCallback((onChange: () => void) => tokens.subscribe(onChange), [tokens]),
    () => tokens.authState,
  );
  const login = useCallback(
    async (username: string, password: string) => {
      tokens.signIn(await authApi.login({ username, password }));
    },
    [authApi, tokens],
  );
  const register = useCallback(
    async (username: string, password: string, displayName: string) => {
      const name = displayName.trim();
      tokens.signIn(
        await authApi.register(
          name === "" ? { username, password } : { username, password, displayName: name },
        ),
      );
    },
    [authApi, tokens],
  );
  const logout = useCallback(async () => {
    const refreshToken = tokens.signOut();
    if (refreshToken === null) return;
    // Signed out locally already; revoking server-side is best effort.
    await authApi.logout(refreshToken).catch(() => undefined);
  }, [authApi, tokens]);
  return { state, login, register, logout };
}
