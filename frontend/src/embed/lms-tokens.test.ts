// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { LmsTokens, PopupBlockedError, type LmsSignInOptions } from "./lms-tokens";

afterEach(() => {
  vi.useRealTimers();
});

const tokens = (accessToken: string) => ({
  accessToken,
  refreshToken: `r-${accessToken}`,
  expiresIn: 900,
  user: { id: "u_1", username: "ada", displayName: "Ada" },
});

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });

function options(overrides: Partial<LmsSignInOptions> = {}) {
  const calls: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  let minted = 0;
  const fetch = (url: string, init?: RequestInit) => {
    calls.push({
      url,
      headers: init?.headers as Record<string, string>,
      body: JSON.parse(init?.body as string) as unknown,
    });
    if (url.endsWith("/handler/get_assertion"))
      return Promise.resolve(json({ assertion: "a.b.c" }));
    minted += 1;
    return Promise.resolve(json(tokens(`t${minted}`)));
  };
  const opts: LmsSignInOptions = {
    apiUrl: "https://api.ibal.test/",
    lmsOrigin: "https://lms.test",
    authMode: "seamless",
    assertionUrl: "https://lms.test/handler/get_assertion",
    csrfToken: () => "csrf-1",
    fetch,
    log: () => undefined,
    ...overrides,
  };
  return { opts, calls };
}

describe("LmsTokens, seamless", () => {
  it("trades the block's assertion for tokens, with the LMS's CSRF token on the handler call", async () => {
    const { opts, calls } = options();
    const lms = new LmsTokens(opts);

    await lms.signIn();

    expect(calls.map((c) => c.url)).toEqual([
      "https://lms.test/handler/get_assertion",
      "https://api.ibal.test/api/auth/lms",
    ]);
    expect(calls[0]?.headers["X-CSRFToken"]).toBe("csrf-1");
    expect(calls[1]?.body).toEqual({ assertion: "a.b.c" });
    expect(await lms.getAccessToken()).toBe("t1");
    expect(lms.user?.username).toBe("ada");
  });

  it("renews by signing in again, once for concurrent callers", async () => {
    const { opts, calls } = options();
    const lms = new LmsTokens(opts);
    await lms.signIn();

    const renewed = await Promise.all([lms.refresh(), lms.refresh()]);

    expect(renewed).toEqual(["t2", "t2"]);
    expect(calls.filter((c) => c.url.endsWith("/api/auth/lms"))).toHaveLength(2);
  });
});

describe("LmsTokens, popup", () => {
  it("takes tokens only from the API's origin, and refreshes with the refresh token", async () => {
    vi.useFakeTimers();
    const { opts, calls } = options({
      authMode: "oauth2_popup",
      openPopup: (url) => {
        expect(url).toBe(
          "https://api.ibal.test/api/oauth/openedx/start?origin=https%3A%2F%2Flms.test",
        );
        return { closed: false } as Window;
      },
    });
    const lms = new LmsTokens(opts);
    const signedIn = lms.signIn();
    const post = (origin: string, data: unknown) =>
      window.dispatchEvent(new MessageEvent("message", { origin, data }));

    post("https://evil.test", { type: "ibal:auth", tokens: tokens("forged") });
    post("https://api.ibal.test", { type: "ibal:auth", tokens: tokens("p1") });

    expect((await signedIn).accessToken).toBe("p1");
    expect(await lms.refresh()).toBe("t1");
    expect(calls.map((c) => [c.url, c.body])).toEqual([
      ["https://api.ibal.test/api/auth/refresh", { refreshToken: "r-p1" }],
    ]);
  });

  it("says so when the browser blocks the popup", async () => {
    const { opts } = options({ authMode: "oauth2_popup", openPopup: () => null });
    await expect(new LmsTokens(opts).signIn()).rejects.toBeInstanceOf(PopupBlockedError);
  });
});
