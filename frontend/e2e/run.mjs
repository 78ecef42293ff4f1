// `npm run test:e2e [-- playwright test options]`. Playwright's `--ui` opens its window in a Chromium of its own
// download, which this project never fetches: here `--ui` serves the UI mode on http://127.0.0.1:9323 instead
// (PLAYWRIGHT_UI_PORT to change it) and opens it in Debian's Chromium when there is a display; without one, open
// the printed address in any browser.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const args = process.argv.slice(2);
const ui = args.includes("--ui");
const port = process.env.PLAYWRIGHT_UI_PORT ?? "9323";
const playwrightArgs = ui
  ? [...args.filter((a) => a !== "--ui"), "--ui-host=127.0.0.1", `--ui-port=${port}`]
  : args;

const runner = spawn("npx", ["playwright", "test", ...playwrightArgs], { stdio: "inherit" });
if (ui && process.env.DISPLAY && existsSync(chromium)) {
  // the UI server needs a moment to listen; Chromium retries nothing, so wait for it
  setTimeout(() => {
    spawn(chromium, [`--app=http://127.0.0.1:${port}`], {
      stdio: "ignore",
      detached: true,
    }).unref();
  }, 3_000);
}
runner.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
