// @vitest-environment jsdom
import { act } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ServicesContext } from "../app/services-context";
import { createServices } from "../app/services";
import { MemoryStorage } from "../test-support/memory-storage";
import { render, type Rendered } from "../test-support/render";
import { AuthPage } from "./auth-page";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

const refused = (status: number, code: string) =>
  new Response(JSON.stringify({ error: { code, message: "server text, never shown" } }), {
    status,
    headers: { "Content-Type": "application/json" },
  });

/** The register page on real services whose HTTP answers are `answers`, in order. */
function registerPage(answers: Response[]) {
  const bodies: Record<string, unknown>[] = [];
  const fetchImpl = (_url: string, init?: RequestInit) => {
    bodies.push(JSON.parse(init?.body as string) as Record<string, unknown>);
    const next = answers.shift();
    return next === undefined ? Promise.reject(new Error("no answer")) : Promise.resolve(next);
  };
  const services = createServices(
    { wsUrl: "ws://example.test/prod", apiUrl: "http://example.test" },
    fetchImpl,
    new MemoryStorage() as unknown as Storage,
  );
  view = render(
    <ServicesContext value={services}>
      <AuthPage mode="register" expired={false} />
    </ServicesContext>,
  );
  const container = view.container;
  const field = (id: string) => container.querySelector<HTMLInputElement>(`#${id}`);
  const fill = (id: string, value: string) => {
    const input = field(id);
    if (input === null) throw new Error(`no #${id}`);
    const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
    act(() => {
      // React tracks the value itself; the native setter makes onChange fire.
      descriptor?.set?.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  };
  const submit = async () => {
    await act(async () => {
      container.querySelector("form")?.requestSubmit();
      await new Promise((r) => setTimeout(r, 0));
    });
  };
  const errorOf = (id: string) => container.querySelector(`#${id}-error`)?.textContent;
  return { bodies, field, fill, submit, errorOf, container };
}

describe("AuthPage registering", () => {
  it("asks for an invite code only once the server says the site needs one", async () => {
    const page = registerPage([
      refused(403, "invite_required"),
      refused(403, "invite_required"),
      refused(400, "invalid_request"),
    ]);
    expect(page.field("invite-code")).toBeNull();
    page.fill("username", "ada");
    page.fill("password", "correct horse battery");
    await page.submit();

    expect(page.errorOf("invite-code")).toMatch(/needs an invite code/);
    expect(page.bodies[0]).not.toHaveProperty("inviteCode");
    page.fill("invite-code", " WRONG-CODE ");
    await page.submit();
    expect(page.bodies[1]).toMatchObject({ inviteCode: "WRONG-CODE" });
    expect(page.errorOf("invite-code")).toMatch(/not valid/);

    page.fill("invite-code", "GOOD-CODE");
    await page.submit();
    expect(page.errorOf("password")).toMatch(/too common/);
    expect(page.container.textContent).not.toContain("server text");
  });

  it("says so when the site takes no new accounts", async () => {
    const page = registerPage([refused(403, "registration_closed")]);
    page.fill("username", "ada");
    page.fill("password", "correct horse battery");
    await page.submit();
    expect(page.container.querySelector("[role=alert]")?.textContent).toMatch(
      /does not take new accounts/,
    );
    expect(page.field("invite-code")).toBeNull();
  });

  it("checks the rules it can see before asking the server", async () => {
    const page = registerPage([]);
    page.fill("username", "ada");
    page.fill("password", "ada-is-me-123");
    await page.submit();
    expect(page.errorOf("password")).toMatch(/username/);
    expect(page.bodies).toEqual([]);
  });
});
