// The class console (issue 10) opened new routes to every signed-in learner: a learner must not act as a teacher or
// an admin by calling them directly (role checks live in the functions, not only in the UI), nor find a class by
// guessing invite codes. Against the direct gateway, which names no admin (ADMIN_USERNAMES unset).
import { bearer } from "../support/accounts.mjs";
import { test, expect } from "../support/fixtures.mjs";
import { call } from "../support/http.mjs";

const claimsOf = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));

test("console: a learner can neither create, list nor read classes, nor promote itself, nor guess an invite", async ({
  stack,
  learner,
  addresses,
}) => {
  const from = addresses.next();
  const api = `${stack.direct.publicUrl}/api`;
  const as = async (method, path, body) => {
    const res = await call(`${api}${path}`, { method, headers: bearer(learner), body, from });
    return `${res.status} ${res.json?.error?.code ?? ""}`.trim();
  };
  const me = claimsOf(learner.accessToken).sub;
  const guesses = [];
  for (let i = 0; i < 20; i += 1) {
    guesses.push(await as("POST", "/classes/join", { code: Math.random().toString(36).slice(2, 18).padEnd(16, "0") }));
  }
  const seen = {
    "create a class": await as("POST", "/classes", { name: "Mine" }),
    "list classes": await as("GET", "/classes"),
    "list users": await as("GET", "/admin/users"),
    "promote itself": await as("PUT", `/admin/users/${me}/role`, { role: "teacher" }),
    "read a class's usage": await as("GET", "/classes/k_aaaaaaaaaaaaaaaaaaaa/usage"),
    "its role after all that": (await call(`${api}/me`, { headers: bearer(learner), from })).json?.role,
    "20 guessed invite codes": [...new Set(guesses)],
  };
  expect(seen).toEqual({
    "create a class": "403 forbidden",
    "list classes": "403 forbidden",
    "list users": "403 forbidden",
    "promote itself": "403 forbidden",
    "read a class's usage": "404 not_found",
    "its role after all that": "learner",
    "20 guessed invite codes": ["403 invalid_invite"],
  });
});
