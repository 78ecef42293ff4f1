import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/api-error";
import { createAuthedRequest } from "../api/authed-request";
import type { Tokens } from "../api/types";
import { MemoryStorage } from "../test-support/memory-storage";
import { TokenManager, type AuthState } from "./token-manager";

const user = { id: "u-1", username: "ada", displayName: "Ada" };
const tokens = (n: number, expiresIn = 900): Tokens => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn,
  user,
});

function setup() {
  const storage = new MemoryStorage();
  let issued = 1;
  const refresh = vi.fn((refreshToken: string) => {
    if (refreshToken !== `refresh-${issued}`)
      return Promise.reject(new ApiError("unauthorized", 401));
    issued += 1;
    return Promise.resolve(tokens(issued));
  });
  const manager = new TokenManager({ refresh, storage, refreshMarginMs: 60_000 });
  const states: AuthState[] = [];
  manager.subscribe((s) => states.push(s));
  return { storage, refresh, manager, states };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-24T09:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("TokenManager", () => {
  it("keeps the access token out of storage and the refresh token in session storage", () => {
    const { storage, manager } = setup();
    manager.signIn(tokens(1));
    const stored = [...storage.items.values()].join(" ");
    expect(stored).toContain("refresh-1");
    expect(stored).not.toContain("access-1");
    expect(manager.authState).toEqual({ status: "signed-in", user });
  });

  it("renews the access token a minute before it expires", async () => {
    const { refresh, manager } = setup();
    manager.signIn(tokens(1, 900));
    await vi.advanceTimersByTimeAsync(839_000);
    expect(refresh).not.toHaveBeenCalled();
    await expect(manager.getAccessToken()).resolves.toBe("access-1");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refresh).toHaveBeenCalledWith("refresh-1");
    await expect(manager.getAccessToken()).resolves.toBe("access-2");
  });

  it("renews on demand when the token has expired, e.g. after the tab slept", async () => {
    const { refresh, manager } = setup();
    manager.signIn(tokens(1, 900));
    vi.setSystemTime(Date.now() + 3_600_000); // the clock jumps; timers did not fire
    await expect(manager.getAccessToken()).resolves.toBe("access-2");
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("shares one refresh between concurrent callers, since refresh tokens rotate", async () => {
    const { refresh, manager } = setup();
    manager.signIn(tokens(1));
    const results = await Promise.all([manager.refresh(), manager.refresh(), manager.refresh()]);
    expect(results).toEqual(["access-2", "access-2", "access-2"]);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("signs out when the refresh token is rejected", async () => {
    const { storage, manager, states } = setup();
    manager.signIn(tokens(1));
    storage.setItem("ibal.refresh", "stolen-and-rotated");
    await expect(manager.refresh()).rejects.toMatchObject({ code: "unauthorized" });
    expect(states.at(-1)).toEqual({ status: "signed-out", reason: "expired" });
    expect(storage.items.size).toBe(0);
  });

  it("keeps the session through a network failure during refresh", async () => {
    const storage = new MemoryStorage();
    const manager = new TokenManager({
      refresh: () => Promise.reject(new ApiError("network", 0)),
      storage,
    });
    manager.signIn(tokens(1));
    await expect(manager.refresh()).rejects.toMatchObject({ code: "network" });
    expect(manager.authState.status).toBe("signed-in");
    expect(storage.getItem("ibal.refresh")).toBe("refresh-1");
  });

  it("restores a sign-in after a reload from the refresh token alone", async () => {
    const first = setup();
    first.manager.signIn(tokens(1));
    const manager = new TokenManager({ refresh: first.refresh, storage: first.storage });
    await expect(manager.restore()).resolves.toBe(true);
    await expect(manager.getAccessToken()).resolves.toBe("access-2");
  });
});

describe("authed requests", () => {
  function fakeFetch(validToken: () => string) {
    return vi.fn((_url: string, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get("Authorization");
      if (auth !== `Bearer ${validToken()}`) {
        return Promise.resolve(
          new Response(JSON.stringify({ error: { code: "unauthorized", message: "nope" } }), {
            status: 401,
          }),
        );
      }
      return Promise.resolve(new Response(JSON.stringify({ items: [], nextCursor: null })));
    });
  }

  it("refreshes and retries once after a 401", async () => {
    const { manager, refresh } = setup();
    manager.signIn(tokens(1));
    const fetchImpl = fakeFetch(() => "access-2"); // the server revoked access-1 early
    const request = createAuthedRequest("/base", manager, fetchImpl);
    await expect(request("GET", "/api/sessions")).resolves.toEqual({ items: [], nextCursor: null });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(fetchImpl.mock.calls[0]?.[0]).toBe("/base/api/sessions");
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("gives up after the single retry and signs out", async () => {
    const { manager, states } = setup();
    manager.signIn(tokens(1));
    const fetchImpl = fakeFetch(() => "never-valid");
    const request = createAuthedRequest("", manager, fetchImpl);
    await expect(request("GET", "/api/sessions")).rejects.toMatchObject({ code: "unauthorized" });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(states.at(-1)).toEqual({ status: "signed-out", reason: "expired" });
  });

  it("maps the server's error code, not its message, and treats a dead network as `network`", async () => {
    const { manager } = setup();
    manager.signIn(tokens(1));
    const conflict = createAuthedRequest("", manager, () =>
      Promise.resolve(
        new Response(JSON.stringify({ error: { code: "not_found", message: "whatever" } }), {
          status: 404,
        }),
      ),
    );
    await expect(conflict("DELETE", "/api/sessions/x")).rejects.toMatchObject({
      code: "not_found",
    });
    const offline = createAuthedRequest("", manager, () =>
      Promise.reject(new TypeError("fetch failed")),
    );
    await expect(offline("GET", "/api/sessions")).rejects.toMatchObject({ code: "network" });
  });
});
