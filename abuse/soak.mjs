// `make soak`: the figure for finding 4, measured. A fresh gateway (default limits) on its own DynamoDB
// Local; 2,000 idle WebSockets (permessage-deflate, 25 per learner and address) and 100 half-sent frames; then the
// reader-less replay flood (~1,000 replays a second of one clientMessageId, reconnecting when closed) for
// SOAK_SECONDS (default 30) while another learner asks a question every 3.5 s (under the default rate of 20 a minute) and /api/health is polled.
// Prints the figures and writes them to results/soak.json (and a dated copy). Exits 1 when a bound of the issue
// is missed: the other learner within 2 s, RSS under 768 MB, the log growing less than 1 MB.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { addressPool } from "./support/addresses.mjs";
import { runFlood } from "./support/flood.mjs";
import { startGateway } from "./stack/gateway.mjs";
import { repoRoot, resultsDir } from "./stack/paths.mjs";
import { freePort, startDynamoDbLocal, stopProcess } from "./stack/processes.mjs";
import { commonSettings } from "./stack/settings.mjs";

const seconds = Number(process.env.SOAK_SECONDS ?? 30);
const idleConnections = Number(process.env.SOAK_IDLE ?? 2000);
const workDir = join(resultsDir, "soak-work");
const logDir = join(resultsDir, "soak-logs");
rmSync(workDir, { recursive: true, force: true });
rmSync(logDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
mkdirSync(logDir, { recursive: true });

console.log(`soak: starting DynamoDB Local and a gateway (default limits) …`);
const dynamodb = await startDynamoDbLocal(workDir, logDir);
let gateway;
try {
  gateway = await startGateway({
    name: "soak",
    host: "127.0.0.1",
    port: await freePort(),
    internalHost: "127.0.0.1",
    internalPort: await freePort(),
    settings: commonSettings({
      storeUrl: dynamodb.url,
      signingKey: execFileSync(join(repoRoot, "scripts/new-signing-key"), { encoding: "utf8" }).trim(),
      awsKeyId: "AKIDABUSESOAK",
      awsSecret: randomBytes(24).toString("hex"),
    }),
    workDir,
    logDir,
  });
  console.log(`soak: ${idleConnections} idle connections, then ${seconds} s of replay flood …`);
  const figures = await runFlood({
    gateway,
    addresses: addressPool(0, 200),
    floodSeconds: seconds,
    repliesPerSecond: 1000,
    idleConnections,
    halfSentFrames: 100,
    // Default limits: 20 questions a minute per learner. The probe asks every 3.5 s (~17 a minute), so every
    // unanswered question is the flood's doing, not the learner's own rate limit.
    probeEveryMs: 3500,
    log: (line) => console.log(`soak: ${line}`),
  });
  const verdict = {
    learnerWithin2s: figures.learner.unanswered === 0 && figures.learner.maxMs !== null && figures.learner.maxMs <= 2000,
    rssUnder768MB: figures.rssPeakMb < 768,
    logGrowthUnder1MB: figures.logGrowthBytes < 1024 * 1024,
  };
  const result = { measuredAt: new Date().toISOString(), ...figures, verdict };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "soak.json"), JSON.stringify(result, null, 2));
  writeFileSync(join(resultsDir, `soak-${result.measuredAt.replace(/[:.]/g, "-")}.json`), JSON.stringify(result, null, 2));

  const l = figures.learner;
  console.log(`soak: other learner, ${l.probes} questions: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms, unanswered ${l.unanswered}`);
  console.log(`soak: /api/health: max ${figures.health.maxMs} ms, ${figures.health.non200} not 200 of ${figures.health.probes}`);
  console.log(`soak: RSS ${figures.rssBeforeMb} MB before, peak ${figures.rssPeakMb} MB; log grew ${(figures.logGrowthBytes / 1024).toFixed(0)} KB`);
  console.log(
    `soak: flooder sent ${figures.flooder.framesSent} frames, reconnected ${figures.flooder.reconnects} times ` +
      `(${figures.flooder.refusedReconnects} refused); first socket closed by the server: ${figures.flooder.firstSocketClosedByServer} ` +
      `${figures.flooder.firstSocketClose ? JSON.stringify(figures.flooder.firstSocketClose) : ""}`,
  );
  console.log(`soak: idle ${figures.idle.opened} opened (${figures.idle.refused} refused), ${figures.idle.stillOpenAfter} still open after`);
  console.log(`soak: ${JSON.stringify(verdict)} → results/soak.json`);
  process.exitCode = Object.values(verdict).every(Boolean) ? 0 : 1;
} finally {
  if (gateway) {
    gateway.relay?.close();
    await stopProcess(gateway.handle);
  }
  await stopProcess(dynamodb);
}
