// The browser end-to-end suite: Debian's Chromium (never a downloaded one) against the real gateway jar (in-memory
// store, demo model), started once by e2e/support/global-setup.mjs. `npm run test:e2e` after `npm run build`;
// `npm run test:e2e -- --ui` for the UI mode, `npx playwright show-report` for the HTML report.
import { defineConfig } from "@playwright/test";
import { debianChromium } from "../test-support/chromium.mjs";

export default defineConfig({
  testDir: "e2e/specs",
  testMatch: /.*\.spec\.mjs$/,
  globalSetup: "./e2e/support/global-setup.mjs",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // One worker: the gateway and the tests share 2 cores, and the specs were written to run one after the other.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "test-results/html" }]],
  outputDir: "test-results/playwright",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: debianChromium,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
