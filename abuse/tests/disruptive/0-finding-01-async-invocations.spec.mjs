// Finding 1, last part: `X-Amz-Invocation-Type: Event` queued unbounded work (1,500 queued logins pushed
// /api/health to 27 s for about a minute). Contract: over a queue of 256 waiting, 429 TooManyRequestsException
// (Lambda's answer). Disruptive: it fills the direct gateway's invocation slots (32) with streaming replies first,
// so that Event invocations have to wait, then sends 400 of them, signed, to the internal listener.
import { Agent } from "node:http";
import { test, expect } from "../../support/fixtures.mjs";
import { call } from "../../support/http.mjs";
import { signedCall } from "../../support/sigv4.mjs";
import { longQuestion } from "../../support/text.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function garbageConnectEvent(i) {
  return {
    requestContext: {
      routeKey: "$connect",
      eventType: "CONNECT",
      connectionId: `Queued${String(i).padStart(9, "0")}=`,
      requestId: `queued-${i}`,
      domainName: "127.0.0.1",
      stage: "prod",
      identity: { sourceIp: "198.51.100.9" },
    },
    queryStringParameters: { token: "garbage" },
    isBase64Encoded: false,
  };
}

test("finding 1: asynchronous invocations are bounded: 429 TooManyRequestsException past 256 waiting", async ({
  stack,
  learner,
  connect,
  addresses,
}) => {
  test.setTimeout(120_000);
  // 36 replies of ~1,500 words, 20 ms per three words: each streams ~10 s and holds an invocation slot meanwhile.
  // Uncompressed: a 12 KB question must not depend on finding 3's fix.
  const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next(), deflate: false });
  await socket.hello();
  const question = longQuestion(1500, "slot");
  for (let i = 0; i < 36; i++) {
    socket.send({ action: "sendMessage", clientMessageId: `hold-${i}`, content: question });
    await sleep(125); // under the connection's frame rate
  }
  await socket.waitFor((f) => f.type === "chunk", { timeoutMs: 30_000, what: "replies streaming" });

  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const statuses = {};
  let next = 0;
  const total = 400;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const res = await signedCall(`${stack.direct.internalUrl}/2015-03-31/functions/ConnectFunction/invocations`, {
        method: "POST",
        service: "lambda",
        credentials: stack.aws,
        headers: { "x-amz-invocation-type": "Event" },
        body: garbageConnectEvent(i),
        agent,
      });
      const key = `${res.status} ${(res.headers["x-amzn-errortype"] ?? "").split(":")[0]}`.trim();
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  agent.destroy();
  socket.close();

  // Leave the gateway as the next test expects it: answering again.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const health = await call(`${stack.direct.publicUrl}/api/health`, { timeoutMs: 5000 }).catch(() => null);
    if (health?.status === 200) break;
    await sleep(1000);
  }

  expect(statuses["429 TooManyRequestsException"] ?? 0, JSON.stringify(statuses)).toBeGreaterThan(0);
  expect(Object.keys(statuses).sort(), JSON.stringify(statuses)).toEqual(["202", "429 TooManyRequestsException"]);
  // At most the 256 waiting (plus those that found a slot or finished meanwhile) were accepted.
  expect(statuses["202"] ?? 0, JSON.stringify(statuses)).toBeLessThan(total);
});
