// @vitest-environment jsdom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClassUsage } from "../../api/classes-api";
import { ServicesContext } from "../../app/services-context";
import { createServices } from "../../app/services";
import { MemoryStorage } from "../../test-support/memory-storage";
import { render, type Rendered } from "../../test-support/render";
import { ConsolePage } from "./console-page";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

const usage: ClassUsage = {
  classId: "c1",
  currency: "USD",
  estimated: false,
  totals: {
    messages: 7,
    tokensIn: 700,
    tokensOut: 1400,
    activeLearners: 2,
    cost: { model: 0.0009, infra: 0.0002, total: 0.0011 },
  },
  days: [
    {
      date: "2026-12-02",
      messages: 2,
      tokensIn: 200,
      tokensOut: 400,
      activeLearners: 1,
      cost: 0.0003,
    },
    {
      date: "2026-12-03",
      messages: 5,
      tokensIn: 500,
      tokensOut: 1000,
      activeLearners: 2,
      cost: 0.0008,
    },
  ],
  learners: [
    {
      userId: "u1",
      username: "ada",
      messages: 2,
      tokensIn: 200,
      tokensOut: 400,
      cost: 0.0003,
      lastActive: "2026-12-03T08:00:00Z",
      suspended: false,
      dailyQuotaOverride: null,
    },
    {
      userId: "u2",
      username: "<b>bo</b>",
      messages: 5,
      tokensIn: 500,
      tokensOut: 1000,
      cost: 0.0008,
      lastActive: "2026-12-03T09:00:00Z",
      suspended: false,
      dailyQuotaOverride: 10,
    },
  ],
  budget: { monthlyBudget: 5, spentThisMonth: 0.0011, dailyMessageQuota: null },
};

const json = (body: unknown, status = 200) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
  );

/** The console on real services over a fake backend that answers by route and records calls. */
function consoleOn(classId: string | null) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  const fetchImpl = (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname + new URL(url).search;
    const method = init?.method ?? "GET";
    calls.push(`${method} ${path}`);
    if (typeof init?.body === "string") bodies.push(JSON.parse(init.body));
    if (path === "/api/auth/refresh") {
      return json({
        accessToken: "a",
        refreshToken: "r2",
        expiresIn: 900,
        user: { id: "t", username: "teach", displayName: "" },
      });
    }
    if (path === "/api/classes" && method === "GET") {
      return json({
        classes: [{ classId: "c1", name: "Biology 1", dailyMessageQuota: null, monthlyBudget: 5 }],
      });
    }
    if (path.startsWith("/api/classes/c1/usage.csv")) {
      return Promise.resolve(
        new Response("date,userId,username,messages,tokensIn,tokensOut,cost\n", { status: 200 }),
      );
    }
    if (path.startsWith("/api/classes/c1/usage")) return json(usage);
    if (path === "/api/classes/c1/invites" && method === "GET") return json({ invites: [] });
    if (path === "/api/classes/c1" && method === "PATCH") {
      return json({ classId: "c1", name: "Biology 1", dailyMessageQuota: 40, monthlyBudget: 2.5 });
    }
    return json({ error: { code: "not_found", message: "no" } }, 404);
  };
  const storage = new MemoryStorage() as unknown as Storage;
  const services = createServices(
    { wsUrl: "ws://x.test/prod", apiUrl: "http://x.test" },
    fetchImpl,
    storage,
  );
  services.tokens.signIn({
    accessToken: "a",
    refreshToken: "r",
    expiresIn: 900,
    user: { id: "t", username: "teach", displayName: "" },
  });
  view = render(
    <ServicesContext value={services}>
      <ConsolePage
        user={{ id: "t", username: "teach", displayName: "" }}
        classId={classId}
        navigate={vi.fn()}
      />
    </ServicesContext>,
  );
  return { calls, bodies, container: view.container };
}

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const button = (container: HTMLElement, text: string | RegExp) => {
  const found = [...container.querySelectorAll("button")].find((b) =>
    typeof text === "string" ? b.textContent === text : text.test(b.textContent),
  );
  if (found === undefined) throw new Error(`no button ${String(text)}`);
  return found;
};

describe("ConsolePage", () => {
  it("lists the classes and shows a class's totals, chart bars and learners as text", async () => {
    const page = consoleOn("c1");
    await settle();
    await settle();
    const text = page.container.textContent;
    expect(page.container.querySelector("h1")?.textContent).toBe("Biology 1");
    expect(page.container.querySelector(".class-list a[aria-current=page]")?.textContent).toBe(
      "Biology 1",
    );
    expect(text).toContain("$0.0011");
    const bars = [...page.container.querySelectorAll("[data-testid=daily-chart] .chart-bar")];
    expect(bars.map((b) => b.getAttribute("data-value"))).toEqual(["2", "5"]);
    // A hostile username is text, not markup.
    expect(page.container.querySelector("tbody b")).toBeNull();
    expect(text).toContain("<b>bo</b>");
    expect(
      page.calls.some((c) => /^GET \/api\/classes\/c1\/usage\?from=\d{4}-\d\d-\d\d&to=/.test(c)),
    ).toBe(true);
  });

  it("sorts the learner table from its header buttons and says so with aria-sort", async () => {
    const page = consoleOn("c1");
    await settle();
    await settle();
    const names = () =>
      [
        ...page.container.querySelectorAll(".learner-table tbody tr:not(.learner-actions-row) th"),
      ].map((th) => th.firstChild?.textContent);
    expect(names()).toEqual(["<b>bo</b>", "ada"]);
    act(() => button(page.container, /^Learner/).click());
    expect(names()).toEqual(["<b>bo</b>", "ada"].sort((a, b) => a.localeCompare(b)));
    const learnerHeader = button(page.container, /^Learner/).closest("th");
    expect(learnerHeader?.getAttribute("aria-sort")).toBe("ascending");
    act(() => button(page.container, /^Learner/).click());
    expect(
      button(page.container, /^Learner/)
        .closest("th")
        ?.getAttribute("aria-sort"),
    ).toBe("descending");
  });

  it("saves the class's limits as numbers, empty as no limit", async () => {
    const page = consoleOn("c1");
    await settle();
    await settle();
    const input = (id: string) => page.container.querySelector<HTMLInputElement>(`#${id}`);
    const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
    const fill = (id: string, value: string) =>
      act(() => {
        const el = input(id);
        // React tracks the value itself; the native setter makes onChange fire.
        descriptor?.set?.call(el, value);
        el?.dispatchEvent(new Event("input", { bubbles: true }));
      });
    fill("limit-budget", "2.5");
    fill("limit-quota", "40");
    await act(async () => {
      button(page.container, "Save limits").click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(page.calls).toContain("PATCH /api/classes/c1");
    expect(page.bodies).toContainEqual({ monthlyBudget: 2.5, dailyMessageQuota: 40 });
    fill("limit-quota", "");
    await act(async () => {
      button(page.container, "Save limits").click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(page.bodies).toContainEqual({ monthlyBudget: 2.5, dailyMessageQuota: null });
  });

  it("downloads the CSV through the authenticated request", async () => {
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return "blob:x";
    };
    URL.revokeObjectURL = () => undefined;
    const clicks = vi
      .spyOn(HTMLAnchorElement.prototype, "click")
      .mockImplementation(() => undefined);
    const page = consoleOn("c1");
    await settle();
    await settle();
    await act(async () => {
      button(page.container, "Export CSV").click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(page.calls.some((c) => c.startsWith("GET /api/classes/c1/usage.csv?from="))).toBe(true);
    expect(clicks).toHaveBeenCalledTimes(1);
    const read = (blob: Blob) =>
      new Promise<string>((resolve) => {
        // jsdom's Blob has no text(); its FileReader reads it.
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.readAsText(blob);
      });
    expect(await read(created[0] ?? new Blob())).toMatch(
      /^date,userId,username,messages,tokensIn,tokensOut,cost/,
    );
  });
});

describe("ConsolePage for the operator", () => {
  it("lists accounts and makes a learner a teacher", async () => {
    const calls: string[] = [];
    const bodies: unknown[] = [];
    const fetchImpl = (url: string, init?: RequestInit) => {
      const path = new URL(url).pathname;
      const method = init?.method ?? "GET";
      calls.push(`${method} ${path}`);
      if (typeof init?.body === "string") bodies.push(JSON.parse(init.body));
      if (path === "/api/me") {
        return json({ userId: "a", username: "op", role: "admin", suspended: false, classes: [] });
      }
      if (path === "/api/classes") return json({ classes: [] });
      if (path === "/api/admin/users") {
        return json({
          users: [
            {
              userId: "u1",
              username: "mrs.t",
              role: "learner",
              suspended: false,
              createdAt: "2026-12-01T09:00:00Z",
            },
          ],
          next: null,
        });
      }
      if (path === "/api/admin/users/u1/role")
        return Promise.resolve(new Response(null, { status: 204 }));
      return json({ error: { code: "not_found" } }, 404);
    };
    const services = createServices(
      { wsUrl: "ws://x.test/prod", apiUrl: "http://x.test" },
      fetchImpl,
      new MemoryStorage() as unknown as Storage,
    );
    services.tokens.signIn({
      accessToken: "a",
      refreshToken: "r",
      expiresIn: 900,
      user: { id: "a", username: "op", displayName: "" },
    });
    const shown = render(
      <ServicesContext value={services}>
        <ConsolePage
          user={{ id: "a", username: "op", displayName: "" }}
          classId={null}
          navigate={vi.fn()}
        />
      </ServicesContext>,
    );
    view = shown;
    await settle();
    await act(async () => {
      button(shown.container, "Show accounts").click();
      await new Promise((r) => setTimeout(r, 0));
    });
    await act(async () => {
      button(shown.container, "Make mrs.t a teacher").click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(calls).toContain("PUT /api/admin/users/u1/role");
    expect(bodies).toContainEqual({ role: "teacher" });
    expect(shown.container.textContent).toContain("Make mrs.t a learner");
  });
});
