// The finding 4 attack, bounded, and what the class sees meanwhile. Shared by the suite's flood test
// (15 s, a few hundred idle connections) and soak.mjs (the figure: 2,000 idle connections).
//
// The attacker: one learner asks a question, reads its reply, then stops reading and resends that
// clientMessageId ~`repliesPerSecond` times a second; when the server closes the socket it reconnects and goes
// on (as a script would). Around it: idle WebSockets of other learners (permessage-deflate, like browsers) and
// raw sockets that sent half a frame and stopped. Meanwhile another learner asks a question every second and
// /api/health is asked every second; the gateway's RSS (/proc) and log size are sampled.
import { randomUUID } from "node:crypto";
import { PASSWORD } from "./accounts.mjs";
import { call } from "./http.mjs";
import { encodeText, rawConnect } from "./raw-ws.mjs";
import { openSocket } from "./ws-client.mjs";
import { fileSize, rssMb } from "../stack/processes.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function register(gateway, from, tag) {
  const username = `${tag}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const res = await call(`${gateway.publicUrl}/api/auth/register`, {
    method: "POST",
    from,
    body: { username, password: PASSWORD },
  });
  if (res.status !== 201) throw new Error(`registering ${username}: ${res.status} ${res.text}`);
  return res.json.accessToken;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

export async function runFlood({
  gateway,
  addresses,
  floodSeconds,
  repliesPerSecond,
  idleConnections,
  halfSentFrames,
  idlePerLearner = 25,
  // How often the other learner asks. Its questions count against its own MESSAGE_RATE_PER_MINUTE like anyone's:
  // a run longer than a minute's worth of questions must ask slower than the rate, or the figure would count the
  // learner's own rate limit as a stall.
  probeEveryMs = 1000,
  log = () => {},
}) {
  const opened = [];
  try {
    // The class around the attack.
    const idle = { opened: 0, refused: 0 };
    const owners = Math.ceil(idleConnections / idlePerLearner);
    for (let o = 0; o < owners; o++) {
      const from = addresses.next();
      const token = await register(gateway, from, "idle");
      const count = Math.min(idlePerLearner, idleConnections - o * idlePerLearner);
      const sockets = await Promise.allSettled(
        Array.from({ length: count }, () => openSocket(gateway.wsUrl, { token, from })),
      );
      for (const s of sockets) {
        if (s.status === "fulfilled") {
          opened.push(s.value);
          idle.opened += 1;
        } else idle.refused += 1;
      }
    }
    const halfFrames = [];
    let halfToken;
    for (let i = 0; i < halfSentFrames; i++) {
      if (i % idlePerLearner === 0) halfToken = await register(gateway, addresses.next(), "half");
      const raw = await rawConnect(gateway.wsUrl, { token: halfToken, from: addresses.next() }).catch(() => null);
      if (!raw) continue;
      raw.writeRaw(encodeText(JSON.stringify({ action: "ping" })).subarray(0, 3)); // and never the rest
      halfFrames.push(raw);
    }
    log(`flood: ${idle.opened} idle connections (${idle.refused} refused), ${halfFrames.length} half-sent frames`);

    // Another learner, connected before the attack starts.
    const learnerFrom = addresses.next();
    const learner = await openSocket(gateway.wsUrl, { token: await register(gateway, learnerFrom, "other"), from: learnerFrom });
    opened.push(learner);
    await learner.hello();

    // The attacker's known clientMessageId, with a stored reply of a few KB.
    const attackerFrom = addresses.next();
    const attackerToken = await register(gateway, attackerFrom, "flood");
    const clientMessageId = randomUUID();
    const replay = JSON.stringify({
      action: "sendMessage",
      clientMessageId,
      content: Array.from({ length: 300 }, (_, i) => `replayed${i}`).join(" "),
    });
    let attacker = await rawConnect(gateway.wsUrl, { token: attackerToken, from: attackerFrom });
    attacker.sendText(replay);
    await attacker.waitFor((f) => f.type === "message", 30_000);
    attacker.neverRead();
    const flooder = { framesSent: 0, reconnects: 0, refusedReconnects: 0, firstSocketEndedAfterMs: null, firstSocketClose: null };
    const first = attacker;

    const logBefore = fileSize(gateway.log);
    const rssBeforeMb = rssMb(gateway.pid);
    let rssPeakMb = rssBeforeMb;
    const floodStart = Date.now();
    const floodEnd = floodStart + floodSeconds * 1000;
    const settleEnd = floodEnd + 5000;

    const sampler = setInterval(() => {
      try {
        rssPeakMb = Math.max(rssPeakMb, rssMb(gateway.pid));
      } catch {
        // the process is gone: the assertions will say so
      }
      if (first.ended && flooder.firstSocketEndedAfterMs === null) flooder.firstSocketEndedAfterMs = first.endedAt - floodStart;
    }, 250);

    const perTick = Math.max(1, Math.round(repliesPerSecond / 100));
    const batch = Buffer.concat(Array.from({ length: perTick }, () => encodeText(replay)));
    const flood = (async () => {
      while (Date.now() < floodEnd) {
        if (attacker.ended) {
          flooder.reconnects += 1;
          try {
            attacker = await rawConnect(gateway.wsUrl, { token: attackerToken, from: attackerFrom });
            attacker.neverRead();
          } catch {
            flooder.refusedReconnects += 1;
            await sleep(200);
            continue;
          }
        }
        if (attacker.writeRaw(batch)) flooder.framesSent += perTick;
        await sleep(10);
      }
    })();

    const latencies = [];
    let unanswered = 0;
    const probes = (async () => {
      let n = 0;
      while (Date.now() < settleEnd) {
        const tickAt = floodStart + n * probeEveryMs;
        n += 1;
        const outcome = await learner.ask(`probe ${n}: what is two plus two?`, { timeoutMs: 10_000 }).catch(() => null);
        if (outcome?.message) latencies.push(outcome.ms);
        else unanswered += 1;
        await sleep(Math.max(0, tickAt + probeEveryMs - Date.now()));
      }
    })();

    const health = { probes: 0, non200: 0, ms: [] };
    const healthProbes = (async () => {
      while (Date.now() < settleEnd) {
        const start = performance.now();
        const res = await call(`${gateway.publicUrl}/api/health`, { timeoutMs: 5000 }).catch(() => null);
        health.probes += 1;
        health.ms.push(performance.now() - start);
        if (res?.status !== 200) health.non200 += 1;
        await sleep(Math.max(0, 1000 - (performance.now() - start)));
      }
    })();

    await Promise.all([flood, probes, healthProbes]);
    clearInterval(sampler);
    if (first.ended && flooder.firstSocketEndedAfterMs === null) flooder.firstSocketEndedAfterMs = first.endedAt - floodStart;
    // What the server told the first socket, read now: a close frame (1008 expected) or the end of the stream.
    if (attacker !== first) attacker.destroy();
    flooder.firstSocketClosedByServer = await first.readUntilClosed(5000);
    flooder.firstSocketClose = first.closeFrame;
    first.destroy();
    const stillOpen = opened.filter((s) => s.isOpen).length - 1; // minus the learner
    for (const raw of halfFrames) raw.destroy();

    const sorted = [...latencies].sort((a, b) => a - b);
    const healthSorted = [...health.ms].sort((a, b) => a - b);
    return {
      floodSeconds,
      repliesPerSecondTarget: repliesPerSecond,
      idle: { ...idle, halfSentFrames: halfFrames.length, stillOpenAfter: stillOpen },
      flooder,
      learner: {
        probes: latencies.length + unanswered,
        unanswered,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted.length ? Math.round(sorted.at(-1)) : null,
      },
      health: {
        probes: health.probes,
        non200: health.non200,
        p50Ms: percentile(healthSorted, 50),
        maxMs: healthSorted.length ? Math.round(healthSorted.at(-1)) : null,
      },
      rssBeforeMb: Math.round(rssBeforeMb),
      rssPeakMb: Math.round(rssPeakMb),
      logGrowthBytes: fileSize(gateway.log) - logBefore,
    };
  } finally {
    for (const s of opened) s.close();
  }
}
