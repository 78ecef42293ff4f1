// Finding 6: 60 accounts in 6 s from one address, each with a fresh daily quota (model spend unbounded); 409 on
// register says which usernames exist; `hello` created 2,000 sessions in 7.6 s. Contract: REGISTRATION_POLICY
// (open | invite | closed → 403 registration_closed); REGISTRATIONS_PER_IP_PER_HOUR counts every attempt (5 on
// the direct gateway) and answers 429 rate_limited; 409 conflict stays (a documented trade-off, bounded by that
// limit); `hello` without a sessionId reuses the newest session while it has no messages; more than
// SESSIONS_PER_DAY (5 on the direct gateway) new sessions answer `error` rate_limited.
import { bearer, login, register, uniqueUsername } from "../support/accounts.mjs";
import { forgedAddress } from "../support/addresses.mjs";
import { test, expect } from "../support/fixtures.mjs";
import { call } from "../support/http.mjs";

const statusAndCode = (res) => `${res.status}${res.json?.error?.code ? ` ${res.json.error.code}` : ""}`;

test.describe("finding 6: sign-ups and sessions", () => {
  test("finding 6: registration attempts from one address are limited, whatever they answer; another address is unaffected", async ({
    stack,
    addresses,
  }) => {
    const machine = addresses.next();
    const taken = uniqueUsername("taken");
    const answers = [];
    for (const username of [taken, uniqueUsername(), uniqueUsername(), taken, "NO", uniqueUsername()]) {
      answers.push(statusAndCode(await register(stack, { username, from: machine })));
    }
    const elsewhere = statusAndCode(await register(stack, { username: uniqueUsername(), from: addresses.next() }));
    expect({ "six attempts from one address": answers, "another address": elsewhere }).toEqual({
      // 201, 201, 201, then a taken name (409) and a bad one (400) still count: the 6th is over 5 an hour.
      "six attempts from one address": ["201", "201", "201", "409 conflict", "400 invalid_request", "429 rate_limited"],
      "another address": "201",
    });
  });

  test("finding 6: a forged X-Forwarded-For does not escape the registration limit", async ({ stack, addresses }) => {
    const machine = addresses.next();
    const answers = [];
    for (let i = 0; i < 7; i++) {
      const res = await register(stack, {
        username: uniqueUsername(),
        from: machine,
        headers: { "x-forwarded-for": forgedAddress(i) },
      });
      answers.push(res.status);
    }
    expect(answers).toEqual([201, 201, 201, 201, 201, 429, 429]);
  });

  test("what held (finding 6): a taken username still answers 409 conflict, the documented trade-off", async ({ stack, addresses }) => {
    const username = uniqueUsername();
    const first = await register(stack, { username, from: addresses.next() });
    const again = await register(stack, { username, password: "another long passphrase", from: addresses.next() });
    expect([statusAndCode(first), statusAndCode(again)]).toEqual(["201", "409 conflict"]);
  });

  test("finding 6: REGISTRATION_POLICY=closed refuses sign-ups with 403 registration_closed; existing accounts still sign in", async ({
    stack,
    addresses,
    learner,
  }) => {
    // The replicas behind Caddy run with REGISTRATION_POLICY=closed.
    const closed = await register(stack, { username: uniqueUsername(), from: addresses.next(), via: stack.caddy.url });
    const existing = await login(stack, { username: learner.username, from: addresses.next(), via: stack.caddy.url });
    expect({ register: statusAndCode(closed), signIn: existing.status }).toEqual({
      register: "403 registration_closed",
      signIn: 200,
    });
  });

  test("finding 6: hello without a sessionId reuses the newest session while it has no messages", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    const from = addresses.next();
    const sessionIds = new Set();
    for (let c = 0; c < 2; c++) {
      const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from });
      for (let i = 0; i < 5; i++) sessionIds.add((await socket.hello()).sessionId);
      socket.close();
    }
    const listed = await call(`${stack.direct.publicUrl}/api/sessions?limit=100`, { headers: bearer(learner), from });
    expect({ distinctSessions: sessionIds.size, listed: listed.json.items.length }).toEqual({ distinctSessions: 1, listed: 1 });
  });

  test("finding 6: more than SESSIONS_PER_DAY new sessions answer error rate_limited", async ({ stack, learner, connect, addresses }) => {
    const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    const answers = [];
    for (let i = 0; i < 7; i++) {
      const answer = await socket.hello();
      answers.push(answer.type === "user_info" ? "user_info" : `error ${answer.code}`);
      if (answer.type === "user_info") await socket.ask(`question in session ${i}`); // so the next hello opens another
    }
    expect(answers).toEqual(["user_info", "user_info", "user_info", "user_info", "user_info", "error rate_limited", "error rate_limited"]);
  });
});

