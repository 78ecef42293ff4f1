// Finding 8: ten wrong passwords from anyone locked the real learner out for 15 minutes, and nothing limited one
// address trying many usernames (40 in 4.4 s). Contract: LOGIN_FAILURES_PER_ACCOUNT_AND_IP (5 here) blocks
// only that username from that address; LOGIN_FAILURES_PER_IP (10 here) blocks an address spraying usernames;
// behind Caddy the address is the forwarded one, so one sprayer does not block the class.
import { login, uniqueUsername } from "../support/accounts.mjs";
import { test, expect } from "../support/fixtures.mjs";

const tally = (statuses) => statuses.reduce((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

test.describe("finding 8: lockout and spraying", () => {
  test("finding 8: wrong passwords from one address do not lock the learner out elsewhere", async ({ stack, addresses, learner }) => {
    const attacker = addresses.next();
    const attempts = [];
    for (let i = 0; i < 12; i++) {
      attempts.push((await login(stack, { username: learner.username, password: `wrong guess ${i}`, from: attacker })).status);
    }
    const learnerAtHome = await login(stack, { username: learner.username, from: addresses.next() });
    expect({ attacker: tally(attempts), learnerElsewhere: learnerAtHome.status }).toEqual({
      attacker: { 401: 5, 429: 7 },
      learnerElsewhere: 200,
    });
  });

  test("finding 8: one address trying many usernames is stopped after LOGIN_FAILURES_PER_IP", async ({ stack, addresses }) => {
    const sprayer = addresses.next();
    const attempts = [];
    for (let i = 0; i < 40; i++) {
      attempts.push((await login(stack, { username: uniqueUsername("spray"), password: "Winter2026!", from: sprayer })).status);
    }
    expect(tally(attempts)).toEqual({ 401: 10, 429: 30 });
  });

  test("finding 8: behind Caddy, a sprayer is stopped by its own address and the class still signs in", async ({
    stack,
    addresses,
    learner,
  }) => {
    const sprayer = addresses.next();
    const attempts = [];
    for (let i = 0; i < 15; i++) {
      const res = await login(stack, { username: uniqueUsername("spray"), password: "Winter2026!", from: sprayer, via: stack.caddy.url });
      attempts.push(res.status);
    }
    const classmate = await login(stack, { username: learner.username, from: addresses.next(), via: stack.caddy.url });
    expect({ sprayer: tally(attempts), classmate: classmate.status }).toEqual({ sprayer: { 401: 10, 429: 5 }, classmate: 200 });
  });
});
