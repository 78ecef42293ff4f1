// Finding 4, the mechanisms one at a time (the flood itself is disruptive/1-finding-04-replay-flood): replays of
// a known clientMessageId were not rate limited, nothing limited a connection's frame rate, and a client that
// never read made every push to it wait, holding an invocation slot. Contract: replays count against the
// per-minute rate; a per-connection token bucket (IBAL_WS_MESSAGES_PER_SECOND 10, burst 20) answers
// {"message":"Too Many Requests",…} at most once a second and closes a connection sending over 3× its rate for
// 5 s with 1008; a connection whose unwritten frames pass IBAL_WS_SEND_BUFFER_BYTES is closed with 1008 and
// later posts to it answer 410.
import { randomUUID } from "node:crypto";
import { test, expect } from "../support/fixtures.mjs";
import { rawConnect } from "../support/raw-ws.mjs";
import { signedCall } from "../support/sigv4.mjs";
import { cjkText } from "../support/text.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isThrottle = (f) => f.message === "Too Many Requests";

test.describe("finding 4: rates and slow consumers", () => {
  test("finding 4: replays of a known clientMessageId count against the per-minute message rate", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    // Through Caddy to the replicas, where MESSAGE_RATE_PER_MINUTE is its default, 20.
    const socket = await connect(`${stack.caddy.url.replace("http", "ws")}/prod`, {
      token: learner.accessToken,
      from: addresses.next(),
    });
    await socket.hello();
    const first = await socket.ask("What is a prime number?");
    expect(first.message, socket.describe()).toBeTruthy();
    const clientMessageId = first.clientMessageId;
    const since = socket.frames.length;
    for (let i = 0; i < 25; i++) {
      socket.send({ action: "sendMessage", clientMessageId, content: "What is a prime number?" });
      await sleep(170); // ~6 a second: under the connection's frame rate, so only the message rate can refuse
    }
    // Every replay is answered, one way or the other (an ack, or an error naming it).
    const answers = () =>
      socket.frames.slice(since).filter((f) => f.type === "ack" || (f.type === "error" && f.replyTo === clientMessageId)).length;
    await socket.waitFor(() => answers() >= 25, { since, timeoutMs: 30_000, what: "an answer to each of the 25 replays" }).catch(() => {});
    const after = socket.frames.slice(since);
    const seen = {
      replayedAcks: after.filter((f) => f.type === "ack").length,
      rateLimited: after.filter((f) => f.type === "error" && f.code === "rate_limited" && f.replyTo === clientMessageId).length,
    };
    // 20 a minute, the first question included: at most 19 replays acked, the other 6 refused by name.
    expect(seen.replayedAcks, JSON.stringify(seen)).toBeLessThanOrEqual(19);
    expect(seen.rateLimited, JSON.stringify(seen)).toBeGreaterThanOrEqual(6);
  });

  test("finding 4: a burst beyond the connection's token bucket is not routed and answered Too Many Requests, at most once a second", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    const start = Date.now();
    for (let i = 0; i < 60; i++) socket.send({ action: "ping" });
    await sleep(1500);
    const elapsed = (Date.now() - start) / 1000;
    const pongs = socket.frames.filter((f) => f.type === "pong").length;
    const throttles = socket.frames.filter(isThrottle);
    const seen = { pongs, throttles: throttles.length, elapsed, open: socket.isOpen };
    expect(seen, JSON.stringify(seen)).toEqual({
      pongs: expect.any(Number),
      throttles: expect.any(Number),
      elapsed: expect.any(Number),
      open: true,
    });
    // Burst 20 plus 10 a second of refill: well under the 60 sent.
    expect(pongs, JSON.stringify(seen)).toBeLessThanOrEqual(20 + Math.ceil(10 * elapsed) + 2);
    expect(throttles.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(1);
    expect(throttles.length, JSON.stringify(seen)).toBeLessThanOrEqual(Math.ceil(elapsed) + 1);
    expect(throttles[0]).toEqual({ message: "Too Many Requests", connectionId: expect.any(String), requestId: expect.any(String) });
  });

  test("finding 4: a connection sending at 4× its rate for 5 s is closed with 1008", async ({ stack, learner, connect, addresses }) => {
    const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    const start = Date.now();
    while (socket.isOpen && Date.now() - start < 10_000) {
      for (let i = 0; i < 4; i++) socket.send({ action: "ping" }); // 40 a second
      await sleep(100);
    }
    const closed = await Promise.race([socket.closed, sleep(3000).then(() => null)]);
    expect({ code: closed?.code, reasonNamesTheRate: /message rate/i.test(closed?.reason ?? "") }).toEqual({
      code: 1008,
      reasonNamesTheRate: true,
    });
  });

  test("finding 4: a client that never reads is closed as a slow consumer, and later posts to it answer 410", async ({
    stack,
    learner,
    addresses,
  }) => {
    const raw = await rawConnect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    // Learn the connection's id the way a client can: the throttled-route answer names it.
    for (let i = 0; i < 30; i++) raw.sendText(JSON.stringify({ action: "ping" }));
    const throttled = await raw.waitFor(isThrottle, 3000).catch(() => null);
    const connectionId = throttled?.connectionId ?? null;
    await sleep(2500); // let the bucket refill before the real traffic

    raw.neverRead();
    // 40,000 CJK characters (120 KB, four frames of at most 32 KB): each reply, chunks and message, is ~240 KB the
    // server must write. Two a second is 8 frames a second, under the frame rate however it is counted, so only
    // the send buffer can end this: the kernel takes the first ~4 MB, then the gateway's queue fills.
    const question = cjkText(40_000, 5);
    const start = Date.now();
    let sent = 0;
    while (!raw.closedByServer && Date.now() - start < 20_000) {
      raw.sendText(JSON.stringify({ action: "sendMessage", clientMessageId: randomUUID(), content: question }));
      sent += 1;
      await sleep(500);
    }
    // Read what was left for us: a server that gave up on us has closed the stream after it.
    const closedByServer = await raw.readUntilClosed(15_000);
    raw.destroy();

    const later = connectionId
      ? await signedCall(`${stack.direct.internalUrl}/prod/@connections/${encodeURIComponent(connectionId)}`, {
          method: "POST",
          service: "execute-api",
          credentials: stack.aws,
          body: { type: "pong", ts: Date.now() },
        })
      : null;
    const seen = {
      closedByServer,
      closeCode: raw.closeFrame?.code ?? null,
      connectionId,
      laterPost: later ? `${later.status} ${(later.headers["x-amzn-errortype"] ?? "").split(":")[0]}` : null,
      questionsSent: sent,
    };
    expect(seen, JSON.stringify(seen)).toEqual({
      closedByServer: true,
      // The close frame sits behind what could not be written; when it is read at all it says 1008.
      closeCode: raw.closeFrame ? 1008 : null,
      connectionId: expect.any(String),
      laterPost: "410 GoneException",
      questionsSent: expect.any(Number),
    });
  });
});
