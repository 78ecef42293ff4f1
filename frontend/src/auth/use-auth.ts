import { useCallback, useSyncExternalStore } from "react";
import { useServices } from "../app/services-context";
import type { RegisterInput } from "../api/auth-api";
import type { AuthState } from "./token-manager";

export interface Auth {
  state: AuthState;
  login: (username: string, password: string) => Promise<void>;
  register: (input: RegisterInput) => Promise<void>;
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
    async ({ displayName, inviteCode, ...credentials }: RegisterInput) => {
      const name = displayName?.trim() ?? "";
      const code = inviteCode?.trim() ?? "";
      tokens.signIn(
        await authApi.register({
          ...credentials,
          ...(name === "" ? {} : { displayName: name }),
          ...(code === "" ? {} : { inviteCode: code }),
        }),
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
