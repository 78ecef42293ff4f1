// Runs the abuse suite: starts the stacks once (stack/start.mjs), then two Playwright phases against them:
//   1. "class"      — the tests that can share the stacks, in parallel
//   2. "disruptive" — the replay flood, a replica killed, the store stopped: one at a time, in file order,
//                     after everything else (each would disturb whatever ran beside it)
// The second phase runs even when the first has failures (Playwright's project dependencies would skip it).
// Extra arguments go to both phases, e.g. `node run.mjs tests/finding-05` or `node run.mjs -g "finding 4"`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { abuseDir, resultsDir } from "./stack/paths.mjs";
import { startStacks } from "./stack/start.mjs";

const args = process.argv.slice(2);
mkdirSync(resultsDir, { recursive: true });

const began = Date.now();
console.log("abuse: starting DynamoDB Local, two replicas behind Caddy and a direct gateway …");
const stacks = await startStacks();
console.log(`abuse: stacks up in ${((Date.now() - began) / 1000).toFixed(0)} s (logs in ${stacks.description.logDir})`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await stacks.stop();
  process.exit(code);
}
process.on("SIGINT", () => stop(130));
process.on("SIGTERM", () => stop(143));

const totals = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
const phases = [
  { project: "class", extra: [], addressBase: 20 },
  { project: "disruptive", extra: ["--workers=1"], addressBase: 120 },
];
for (const { project, extra, addressBase } of phases) {
  const report = join(resultsDir, `report-${project}.json`);
  rmSync(report, { force: true });
  // Asynchronous: this process keeps serving the stacks' helpers (the LMS pages, main's internal relay) meanwhile.
  const runner = spawn(
    join(abuseDir, "node_modules/.bin/playwright"),
    ["test", `--project=${project}`, "--pass-with-no-tests", ...extra, ...args],
    {
      cwd: abuseDir,
      stdio: "inherit",
      env: {
        ...process.env,
        ABUSE_STACK: stacks.file,
        ABUSE_ADDRESS_BASE: String(addressBase),
        PLAYWRIGHT_JSON_OUTPUT_NAME: report,
      },
    },
  );
  await new Promise((resolve) => runner.once("exit", resolve));
  if (!existsSync(report)) {
    totals.failed += 1; // the runner itself failed (its output says why)
    continue;
  }
  const { stats } = JSON.parse(readFileSync(report, "utf8"));
  totals.passed += stats.expected;
  totals.failed += stats.unexpected;
  totals.flaky += stats.flaky;
  totals.skipped += stats.skipped;
}

console.log(`abuse: whole run ${((Date.now() - began) / 1000).toFixed(0)} s`);
console.log(
  `abuse: ${totals.passed} passed, ${totals.failed} failed` +
    (totals.skipped ? `, ${totals.skipped} skipped` : "") +
    (totals.flaky ? ` (${totals.flaky} flaky)` : ""),
);
await stop(totals.failed === 0 && totals.flaky === 0 ? 0 : 1);
