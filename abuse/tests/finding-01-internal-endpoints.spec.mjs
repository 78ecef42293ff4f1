// Finding 1: the gateway's Lambda Invoke API, @connections and its own health answered anyone, and Caddy
// proxied them: forged events ran any function (a direct register, any sourceIp), a crafted domainName/stage
// made the server POST, SigV4-signed, to a host of the caller's choosing. Through the real Caddy (infra/Caddyfile)
// and on a replica's public port. (Event invocations queueing without bound: disruptive/0-finding-01-….)
import { createServer } from "node:http";
import { PASSWORD, login, uniqueUsername } from "../support/accounts.mjs";
import { test, expect } from "../support/fixtures.mjs";
import { call } from "../support/http.mjs";
import { signedCall } from "../support/sigv4.mjs";

const INVOKE = (fn) => `/2015-03-31/functions/${fn}/invocations`;
const NO_SUCH_CONNECTION = "/prod/@connections/AAAAAAAAAAAAAAA=";

/** An HTTP API (payload 2.0) event registering `username`, from an address the caller made up. */
function forgedRegisterEvent(username) {
  return {
    version: "2.0",
    routeKey: "POST /api/auth/register",
    rawPath: "/api/auth/register",
    rawQueryString: "",
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.7" },
    requestContext: {
      http: { method: "POST", path: "/api/auth/register", protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "forged" },
      requestId: "forged-register",
      routeKey: "POST /api/auth/register",
      stage: "$default",
      domainName: "forged.example",
      timeEpoch: Date.now(),
    },
    body: JSON.stringify({ username, password: PASSWORD }),
    isBase64Encoded: false,
  };
}

/** A WebSocket MESSAGE event whose domainName/stage name a host the caller listens on. */
function forgedPingEvent(domainName) {
  return {
    requestContext: {
      routeKey: "ping",
      eventType: "MESSAGE",
      messageDirection: "IN",
      connectionId: "ForgedConn0001=",
      requestId: "forged-ping",
      domainName,
      stage: "steal",
      apiId: "forged",
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: "198.51.100.7" },
    },
    body: JSON.stringify({ action: "ping" }),
    isBase64Encoded: false,
  };
}

/** Records every request it gets: where a server-side request forgery would land. */
async function startCatcher(host) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null });
    res.writeHead(200).end("{}");
  });
  await new Promise((r) => server.listen(0, host, r));
  return { requests, domainName: `${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

test.describe("finding 1: internal endpoints", () => {
  test("finding 1: the Lambda Invoke API answers 404 through Caddy and on a replica's public port, and runs nothing", async ({
    stack,
    addresses,
  }) => {
    const username = uniqueUsername("forged");
    const answers = {};
    for (const [where, base] of [
      ["caddy", stack.caddy.url],
      ["replica public port", stack.replicas[0].publicUrl],
    ]) {
      const res = await call(`${base}${INVOKE("HttpApiFunction")}`, {
        method: "POST",
        from: addresses.next(),
        body: forgedRegisterEvent(username),
      });
      answers[where] = res.status;
    }
    const signIn = await login(stack, { username, from: addresses.next() });
    expect({ ...answers, "sign-in as the forged account": signIn.status }).toEqual({
      caddy: 404,
      "replica public port": 404,
      "sign-in as the forged account": 401,
    });
  });

  test("finding 1: @connections and /_gateway/health answer 404 through Caddy and on a replica's public port", async ({
    stack,
    addresses,
  }) => {
    const seen = {};
    for (const [where, base] of [
      ["caddy", stack.caddy.url],
      ["replica", stack.replicas[0].publicUrl],
    ]) {
      for (const method of ["GET", "POST", "DELETE"]) {
        const res = await call(`${base}${NO_SUCH_CONNECTION}`, {
          method,
          from: addresses.next(),
          body: method === "POST" ? { type: "pong" } : undefined,
        });
        seen[`${where} ${method} @connections`] = `${res.status} ${res.headers["x-amzn-errortype"] ?? ""}`.trim();
      }
      const health = await call(`${base}/_gateway/health`, { from: addresses.next() });
      seen[`${where} /_gateway/health`] = `${health.status}`;
    }
    expect(seen).toEqual({
      "caddy GET @connections": "404",
      "caddy POST @connections": "404",
      "caddy DELETE @connections": "404",
      "caddy /_gateway/health": "404",
      "replica GET @connections": "404",
      "replica POST @connections": "404",
      "replica DELETE @connections": "404",
      "replica /_gateway/health": "404",
    });
  });

  test("finding 1: a forged event cannot make the server post to a host of the caller's choosing", async ({ stack, addresses }) => {
    const catcher = await startCatcher("127.0.0.5");
    try {
      const viaCaddy = await call(`${stack.caddy.url}${INVOKE("ChatFunction")}`, {
        method: "POST",
        from: addresses.next(),
        body: forgedPingEvent(catcher.domainName),
      });
      // Even an invocation signed with the replicas' own credentials (a compromised function, say) must not
      // push anywhere but the Management API endpoint the gateway registered.
      const signed = await signedCall(`${stack.replicas[0].internalUrl}${INVOKE("ChatFunction")}`, {
        method: "POST",
        service: "lambda",
        credentials: stack.aws,
        body: forgedPingEvent(catcher.domainName),
      });
      await new Promise((r) => setTimeout(r, 3000)); // the push would follow within milliseconds
      expect({
        "through caddy": viaCaddy.status,
        "signed, on the internal listener": signed.status,
        "requests that reached the caller's host": catcher.requests,
      }).toEqual({
        "through caddy": 404,
        "signed, on the internal listener": 200,
        "requests that reached the caller's host": [],
      });
    } finally {
      await catcher.close();
    }
  });

  test("finding 1: the internal listener refuses unsigned and wrongly signed requests with 403, as IAM does", async ({ stack }) => {
    const internal = stack.replicas[0].internalUrl;
    const unsignedGet = await call(`${internal}${NO_SUCH_CONNECTION}`);
    const unsignedInvoke = await call(`${internal}${INVOKE("HttpApiFunction")}`, {
      method: "POST",
      headers: { "x-amz-invocation-type": "DryRun" },
      body: {},
    });
    const wrong = await signedCall(`${internal}${NO_SUCH_CONNECTION}`, {
      service: "execute-api",
      credentials: { ...stack.aws, secretAccessKey: "not-the-replicas-secret" },
    });
    const right = await signedCall(`${internal}${NO_SUCH_CONNECTION}`, { service: "execute-api", credentials: stack.aws });
    const rightInvoke = await signedCall(`${internal}${INVOKE("HttpApiFunction")}`, {
      method: "POST",
      service: "lambda",
      credentials: stack.aws,
      headers: { "x-amz-invocation-type": "DryRun" },
      body: {},
    });
    expect({
      unsignedGet: [unsignedGet.status, errorType(unsignedGet), unsignedGet.json?.message],
      unsignedInvoke: [unsignedInvoke.status, errorType(unsignedInvoke)],
      wronglySigned: [wrong.status, /^(ForbiddenException|InvalidSignatureException)$/.test(errorType(wrong))],
      wronglySignedMessage: wrong.text.includes("The request signature we calculated does not match the signature you provided"),
      signedGet: [right.status, errorType(right)],
      signedDryRun: rightInvoke.status,
    }).toEqual({
      unsignedGet: [403, "ForbiddenException", "Missing Authentication Token"],
      unsignedInvoke: [403, "ForbiddenException"],
      wronglySigned: [403, true],
      wronglySignedMessage: true,
      signedGet: [410, "GoneException"],
      signedDryRun: 204,
    });
  });
});

/** API Gateway and Lambda put the error type in x-amzn-ErrorType, sometimes with a ":http://…" suffix. */
function errorType(res) {
  return (res.headers["x-amzn-errortype"] ?? "").split(":")[0];
}
