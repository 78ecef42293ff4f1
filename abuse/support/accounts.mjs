// Learners: accounts are registered on the direct gateway (open registration; the replicas' is closed), each
// from a source address nobody else uses, so per-address registration limits never get in a test's way.
import { call } from "./http.mjs";

// Long, not a common password, no username in it: acceptable under any NIST SP 800-63B policy.
export const PASSWORD = "plum kettle orbit 42 lantern";

let counter = 0;
/** A username no other test (or run) has used: 3–32 of [a-z0-9_.-]. */
export function uniqueUsername(prefix = "l") {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`.slice(0, 32);
}

export async function register(stack, { username, password = PASSWORD, displayName, from, via = stack.direct.publicUrl, headers }) {
  return call(`${via}/api/auth/register`, {
    method: "POST",
    from,
    headers,
    body: { username, password, ...(displayName === undefined ? {} : { displayName }) },
  });
}

export async function login(stack, { username, password = PASSWORD, from, via = stack.direct.publicUrl }) {
  return call(`${via}/api/auth/login`, { method: "POST", from, body: { username, password } });
}

/** A registered learner: { username, password, accessToken, refreshToken, userId }. */
export async function newLearner(stack, addresses, { prefix = "l", password = PASSWORD } = {}) {
  const username = uniqueUsername(prefix);
  const res = await register(stack, { username, password, from: addresses.next() });
  if (res.status !== 201) throw new Error(`registering ${username}: ${res.status} ${res.text}`);
  return {
    username,
    password,
    accessToken: res.json.accessToken,
    refreshToken: res.json.refreshToken,
    userId: res.json.user.id,
  };
}

export function bearer(learner) {
  return { authorization: `Bearer ${learner.accessToken}` };
}
