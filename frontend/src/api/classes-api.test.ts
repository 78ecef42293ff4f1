import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { createAuthedRequest, createAuthedTextRequest, type AccessTokens } from "./authed-request";
import { createClassesApi } from "./classes-api";

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A classes API on the real request code over a fetch that records and answers in order. */
function api(answers: Response[]) {
  const sent: Sent[] = [];
  const fetchImpl = (url: string, init?: RequestInit) => {
    sent.push({
      method: init?.method ?? "GET",
      url,
      headers: init?.headers as Record<string, string>,
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    });
    const next = answers.shift();
    return next === undefined ? Promise.reject(new Error("no answer")) : Promise.resolve(next);
  };
  let signedOut = false;
  let token = "access-1";
  const tokens: AccessTokens = {
    getAccessToken: () => Promise.resolve(token),
    refresh: () => Promise.resolve((token = "access-2")),
    signOut: () => (signedOut = true),
  };
  const base = "http://api.test/";
  const classes = createClassesApi(
    createAuthedRequest(base, tokens, fetchImpl),
    createAuthedTextRequest(base, tokens, fetchImpl),
  );
  return { classes, sent, signedOut: () => signedOut };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
const refused = (status: number, code: string) =>
  json(status, { error: { code, message: "server text" } });

describe("ClassesApi", () => {
  it("creates a class with its limits and lists the classes out of their envelope", async () => {
    const klass = { classId: "c1", name: "Bio 1", dailyMessageQuota: 30, monthlyBudget: 20 };
    const { classes, sent } = api([json(201, klass), json(200, { classes: [klass] })]);

    expect(
      await classes.create({ name: "Bio 1", dailyMessageQuota: 30, monthlyBudget: 20 }),
    ).toEqual(klass);
    expect(await classes.list()).toEqual([klass]);
    expect(sent[0]).toMatchObject({
      method: "POST",
      url: "http://api.test/api/classes",
      body: { name: "Bio 1", dailyMessageQuota: 30, monthlyBudget: 20 },
    });
    expect(sent[0]?.headers.Authorization).toBe("Bearer access-1");
    expect(sent[1]).toMatchObject({ method: "GET", url: "http://api.test/api/classes" });
  });

  it("escapes ids and codes in paths and puts the date range in the query", async () => {
    const { classes, sent } = api([
      json(200, { invites: [] }),
      new Response(null, { status: 204 }),
      json(200, { classId: "c/1" }),
      new Response(null, { status: 204 }),
    ]);
    await classes.invites("c/1");
    await classes.revokeInvite("c/1", "AB?C");
    await classes.usage("c/1", { from: "2026-11-01", to: "2026-11-30" });
    await classes.setLearnerQuota("c/1", "u#2", null);

    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      "GET http://api.test/api/classes/c%2F1/invites",
      "DELETE http://api.test/api/classes/c%2F1/invites/AB%3FC",
      "GET http://api.test/api/classes/c%2F1/usage?from=2026-11-01&to=2026-11-30",
      "PUT http://api.test/api/classes/c%2F1/learners/u%232",
    ]);
    expect(sent[3]?.body).toEqual({ dailyQuotaOverride: null });
  });

  it("downloads the CSV as text, renewing the token once on a 401", async () => {
    const csv = "date,userId,username,messages,tokensIn,tokensOut,cost\n";
    const { classes, sent } = api([
      refused(401, "unauthorized"),
      new Response(csv, { status: 200, headers: { "Content-Type": "text/csv" } }),
    ]);
    expect(await classes.usageCsv("c1", { from: "2026-11-01", to: "2026-11-02" })).toBe(csv);
    expect(sent[1]?.url).toBe(
      "http://api.test/api/classes/c1/usage.csv?from=2026-11-01&to=2026-11-02",
    );
    expect(sent[1]?.headers.Authorization).toBe("Bearer access-2");
    expect(sent[1]?.headers.Accept).toMatch(/text\/csv/);
  });

  it("answers the learner actions' typed errors, never the server's text", async () => {
    const { classes, signedOut } = api([refused(403, "forbidden"), refused(404, "not_found")]);
    await expect(classes.suspend("c1", "u1")).rejects.toEqual(new ApiError("forbidden", 403));
    await expect(classes.passwordResetLink("c1", "u1")).rejects.toEqual(
      new ApiError("not_found", 404),
    );
    expect(signedOut()).toBe(false);
  });

  it("posts the join code and the learner actions to their routes", async () => {
    const { classes, sent } = api([
      json(200, { classId: "c1", name: "Bio 1" }),
      new Response(null, { status: 204 }),
      new Response(null, { status: 204 }),
      json(200, { url: "http://app.test/reset/t0k", expiresAt: "2026-12-04T06:00:00Z" }),
    ]);
    expect(await classes.join("JOIN42")).toEqual({ classId: "c1", name: "Bio 1" });
    await classes.restore("c1", "u1");
    await classes.revokeSessions("c1", "u1");
    expect((await classes.passwordResetLink("c1", "u1")).url).toBe("http://app.test/reset/t0k");
    expect(sent.map((s) => `${s.method} ${s.url.replace("http://api.test", "")}`)).toEqual([
      "POST /api/classes/join",
      "POST /api/classes/c1/learners/u1/restore",
      "POST /api/classes/c1/learners/u1/revoke",
      "POST /api/classes/c1/learners/u1/password-reset",
    ]);
    expect(sent[0]?.body).toEqual({ code: "JOIN42" });
  });
});
