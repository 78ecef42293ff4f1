// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import { createLmsUsage } from "./lms-usage";

const json = (body: unknown, status = 200) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
  );

function usageOn(usageAnswer: () => Promise<Response>) {
  const calls: { url: string; auth: string | undefined }[] = [];
  const fetch = (url: string, init?: RequestInit) => {
    calls.push({ url, auth: (init?.headers as Record<string, string>).Authorization });
    if (url.endsWith("/handler/get_assertion")) return json({ assertion: "a.b.c" });
    if (url.endsWith("/api/auth/lms")) {
      return json({
        accessToken: "staff-token",
        refreshToken: "r",
        expiresIn: 900,
        user: { id: "u_s", username: "prof", displayName: "" },
      });
    }
    return usageAnswer();
  };
  const usage = createLmsUsage(
    {
      apiUrl: "https://api.ibal.test",
      lmsOrigin: "https://lms.test",
      authMode: "seamless",
      assertionUrl: "https://lms.test/handler/get_assertion",
      csrfToken: () => "csrf",
      fetch,
      log: () => undefined,
    },
    () => new Date("2026-12-03T10:00:00Z"),
  );
  return { usage, calls };
}

describe("createLmsUsage", () => {
  it("signs in through the LMS once, then reads the course class's usage with the token", async () => {
    const { usage, calls } = usageOn(() => json({ classId: "c_abc", totals: { messages: 3 } }));

    expect((await usage.load("c_abc", 30)).totals.messages).toBe(3);
    await usage.load("c_abc", 7);

    expect(calls.map((c) => c.url)).toEqual([
      "https://lms.test/handler/get_assertion",
      "https://api.ibal.test/api/auth/lms",
      "https://api.ibal.test/api/classes/c_abc/usage?from=2026-11-04&to=2026-12-03",
      "https://api.ibal.test/api/classes/c_abc/usage?from=2026-11-27&to=2026-12-03",
    ]);
    expect(calls[2]?.auth).toBe("Bearer staff-token");
  });

  it("answers the server's refusal as a typed error", async () => {
    const { usage } = usageOn(() => json({ error: { code: "forbidden", message: "x" } }, 403));
    await expect(usage.load("c_abc", 30)).rejects.toEqual(new ApiError("forbidden", 403));
  });
});
