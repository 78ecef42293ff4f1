// What held on main and must keep holding (the list): regression guards, expected to pass before and
// after the fixes. Every forged, expired or alg-confused token, reused ticket and reused refresh token is
// refused; another user's session answers 404; the message rate is exact under concurrency. (No secret in any
// log: disruptive/4-what-held-no-secret-in-logs; kill -9 of a replica: disruptive/2-finding-10-replica-dies.)
import { createPrivateKey, createHmac, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { bearer, newLearner } from "../support/accounts.mjs";
import { test, expect } from "../support/fixtures.mjs";
import { call } from "../support/http.mjs";
import { handshakeStatus } from "../support/ws-client.mjs";

const b64url = (data) => Buffer.from(data).toString("base64url");
const claimsOf = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));

function es256(header, claims, privateKey) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${b64url(signature)}`;
}

test.describe("what held", () => {
  test("what held: forged, expired and alg-confused tokens are refused at $connect and on the HTTP API", async ({
    stack,
    learner,
    addresses,
  }) => {
    const { d, ...publicJwk } = stack.signingKey;
    const realKey = createPrivateKey({ key: stack.signingKey, format: "jwk" });
    const kid = stack.signingKey.kid;
    const claims = claimsOf(learner.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "ES256", kid, typ: "JWT" };
    const unsigned = (h, c) => `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(c))}`;
    const tokens = {
      // The control: the harness's signing is right, so the refusals below are the server's.
      "re-signed with the real key": es256(header, { ...claims, jti: randomUUID() }, realKey),
      "expired, real key": es256(header, { ...claims, jti: randomUUID(), iat: now - 3600, nbf: now - 3600, exp: now - 60 }, realKey),
      "alg none": `${unsigned({ alg: "none", typ: "JWT" }, claims)}.`,
      "HS256 keyed with the public key": (() => {
        const input = unsigned({ alg: "HS256", kid, typ: "JWT" }, claims);
        return `${input}.${createHmac("sha256", JSON.stringify(publicJwk)).update(input).digest("base64url")}`;
      })(),
      "another key, the real kid": es256(header, claims, generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey),
      "someone else's claims on a real signature": `${unsigned(header, { ...claims, sub: "u_someone_else" })}.${learner.accessToken.split(".")[2]}`,
    };
    const answers = {};
    for (const [what, token] of Object.entries(tokens)) {
      const ws = await handshakeStatus(stack.direct.wsUrl, { token, from: addresses.next() });
      const http = (await call(`${stack.direct.publicUrl}/api/sessions`, { headers: { authorization: `Bearer ${token}` } })).status;
      answers[what] = [ws, http];
    }
    expect(answers).toEqual({
      "re-signed with the real key": [101, 200],
      "expired, real key": [401, 401],
      "alg none": [401, 401],
      "HS256 keyed with the public key": [401, 401],
      "another key, the real kid": [401, 401],
      "someone else's claims on a real signature": [401, 401],
    });
  });

  test("what held: a ws ticket works once; a reused refresh token revokes its family", async ({ stack, learner, addresses }) => {
    const from = addresses.next();
    const ticket = (await call(`${stack.direct.publicUrl}/api/auth/ws-ticket`, { method: "POST", headers: bearer(learner), from })).json.ticket;
    const firstUse = await handshakeStatus(stack.direct.wsUrl, { ticket, from });
    const secondUse = await handshakeStatus(stack.direct.wsUrl, { ticket, from });
    const refresh = (refreshToken) => call(`${stack.direct.publicUrl}/api/auth/refresh`, { method: "POST", body: { refreshToken }, from });
    const rotated = await refresh(learner.refreshToken);
    const reused = await refresh(learner.refreshToken);
    const successor = await refresh(rotated.json?.refreshToken);
    expect({ firstUse, secondUse, rotated: rotated.status, reused: reused.status, successorAfterReuse: successor.status }).toEqual({
      firstUse: 101,
      secondUse: 401,
      rotated: 200,
      reused: 401,
      successorAfterReuse: 401,
    });
  });

  test("what held: another learner's session answers 404 (and session_not_found on the socket)", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    const from = addresses.next();
    const owner = await connect(stack.direct.wsUrl, { token: learner.accessToken, from });
    const { sessionId } = await owner.hello();
    await owner.ask("my private question");
    const other = await newLearner(stack, addresses);
    const url = `${stack.direct.publicUrl}/api/sessions/${sessionId}`;
    const answers = {
      read: (await call(`${url}/messages`, { headers: bearer(other), from })).status,
      rename: (await call(url, { method: "PATCH", headers: bearer(other), body: { title: "mine now" }, from })).status,
      delete: (await call(url, { method: "DELETE", headers: bearer(other), from })).status,
    };
    const intruder = await connect(stack.direct.wsUrl, { token: other.accessToken, from });
    const resumed = await intruder.hello(sessionId);
    answers.resume = resumed.type === "error" ? resumed.code : resumed.type;
    answers.stillThere = (await call(`${url}/messages`, { headers: bearer(learner), from })).json?.items?.length ?? 0;
    expect(answers).toEqual({ read: 404, rename: 404, delete: 404, resume: "session_not_found", stillThere: 2 });
  });

  test("what held: the message rate is exact under concurrency (three sockets, thirty messages at once, twenty pass)", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    // Through Caddy: the sockets land on both replicas, which share the counter in the store.
    const wsUrl = `${stack.caddy.url.replace("http", "ws")}/prod`;
    const sockets = await Promise.all([0, 1, 2].map(() => connect(wsUrl, { token: learner.accessToken, from: addresses.next() })));
    for (const s of sockets) await s.hello();
    const results = await Promise.all(
      sockets.flatMap((s, i) => Array.from({ length: 10 }, (_, j) => s.ask(`concurrent ${i}.${j}`, { timeoutMs: 60_000 }).then(
        (r) => (r.ack ? "acked" : r.error.code),
      ))),
    );
    const tally = results.reduce((acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }), {});
    expect(tally).toEqual({ acked: 20, rate_limited: 10 });
  });
});
