// Finding 5: infra/docker-compose.yml and the docs set ALLOWED_ORIGINS, but the gateway took its CORS origins
// from the template parameter AllowedOrigins: the LMS's preflight got no Access-Control-Allow-Origin, so the
// XBlock could not sign in to a self-hosted IBAL from the LMS origin. Here the replicas get ALLOWED_ORIGINS
// (as compose sets it) with the LMS's origin, and the LMS is a real page on another origin in Chromium.
import { randomUUID } from "node:crypto";
import { test, expect } from "../support/fixtures.mjs";
import { call } from "../support/http.mjs";
import { lmsAssertion } from "../support/lms.mjs";

async function preflight(url, origin) {
  const res = await call(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    },
  });
  return { status: res.status, allowOrigin: res.headers["access-control-allow-origin"] ?? null };
}

test.describe("finding 5: CORS for the XBlock on a self-hosted stack", () => {
  test("finding 5: the LMS origin's preflight through Caddy is allowed, any other origin's is not", async ({ stack }) => {
    const url = `${stack.caddy.url}/api/auth/lms`;
    const fromLms = await preflight(url, stack.lms.origin);
    const fromElsewhere = await preflight(url, stack.elsewhere.origin);
    expect({ fromLms, elsewhereAllowOrigin: fromElsewhere.allowOrigin }).toEqual({
      fromLms: { status: expect.any(Number), allowOrigin: stack.lms.origin },
      elsewhereAllowOrigin: null,
    });
    expect(fromLms.status).toBeLessThan(300);
  });

  test("finding 5: the XBlock's seamless sign-in works from the LMS origin through Caddy, in Chromium", async ({ page, stack }) => {
    const username = `lms${Date.now().toString(36)}`;
    const assertion = lmsAssertion(stack.lms.key, { sub: `anon-${randomUUID()}`, username, name: "LMS Learner" });
    await page.goto(stack.lms.origin);
    const outcome = await page.evaluate(
      async ({ api, assertion }) => {
        // What the XBlock's JavaScript does in the LMS page (xblock/…/static/js/src/auth.js): a cross-origin JSON
        // POST of the assertion (so a preflight), a ws-ticket with the Bearer token (another preflight), then a
        // WebSocket with the ticket (its URL comes from the block's settings) and a question.
        const post = async (path, body, headers = {}) => {
          const res = await fetch(`${api}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers },
            body: JSON.stringify(body),
          });
          return { status: res.status, body: await res.json() };
        };
        let tokens;
        let ticket;
        try {
          tokens = await post("/api/auth/lms", { assertion });
          if (tokens.status !== 200) return { signIn: tokens.status };
          ticket = await post("/api/auth/ws-ticket", {}, { authorization: `Bearer ${tokens.body.accessToken}` });
        } catch (error) {
          return { signIn: tokens ? tokens.status : `fetch failed: ${error.message}`, ticket: `fetch failed: ${error.message}` };
        }
        if (ticket.status !== 200) return { signIn: tokens.status, ticket: ticket.status };
        const reply = await new Promise((resolve) => {
          const ws = new WebSocket(`${api.replace(/^http/, "ws")}/prod?ticket=${encodeURIComponent(ticket.body.ticket)}`);
          const timer = setTimeout(() => resolve("no reply in 20 s"), 20_000);
          ws.onopen = () => ws.send(JSON.stringify({ action: "hello" }));
          ws.onclose = (e) => resolve(`closed ${e.code}`);
          ws.onmessage = (e) => {
            const frame = JSON.parse(e.data);
            if (frame.type === "user_info") {
              ws.send(JSON.stringify({ action: "sendMessage", clientMessageId: "lms-1", content: "hello from the course" }));
            } else if (frame.type === "message" || frame.type === "error") {
              clearTimeout(timer);
              ws.close();
              resolve(frame.type === "message" ? frame.content : `error ${frame.code}`);
            }
          };
        });
        return { signIn: tokens.status, ticket: ticket.status, reply };
      },
      { api: stack.caddy.url, assertion },
    );
    expect(outcome).toEqual({
      signIn: 200,
      ticket: 200,
      reply: expect.stringContaining("hello from the course"),
    });
  });
});
