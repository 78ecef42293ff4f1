// What held, last: no secret in any log — after everything the suite did (sign-ins, tokens in WebSocket query
// strings, floods, a killed replica, a store outage), no process's log holds a token, a password, the signing key,
// the LMS key or the replicas' AWS secret. Runs after the other disruptive tests, on every log of the run.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PASSWORD } from "../../support/accounts.mjs";
import { test, expect } from "../../support/fixtures.mjs";

test("what held: no token, password or key in any log of the run", async ({ stack }) => {
  const secrets = {
    "an access token": /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/,
    "a token in a query string": /[?&](token|ticket)=[A-Za-z0-9._-]{8,}/,
    "the suite's password": new RegExp(PASSWORD),
    "the signing key's private part": new RegExp(stack.signingKey.d.replace(/[-_]/g, "[-_]")),
    "the replicas' AWS secret": new RegExp(stack.aws.secretAccessKey),
    "the LMS private key": /BEGIN PRIVATE KEY/,
  };
  const found = {};
  for (const file of readdirSync(stack.logDir)) {
    const text = readFileSync(join(stack.logDir, file), "utf8");
    for (const [what, pattern] of Object.entries(secrets)) {
      const match = pattern.exec(text);
      if (match) found[`${what} in ${file}`] = match[0].slice(0, 24) + "…";
    }
  }
  expect(found).toEqual({});
});
