// Run through `node run.mjs` (make test-abuse): it starts the stacks and runs the two projects one after the other.
import { defineConfig } from "@playwright/test";
import { debianChromium } from "../test-support/chromium.mjs";

export default defineConfig({
  testDir: "tests",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0, // every test must pass first time: an abuse test that passes on the second try hides a race
  workers: 4, // the tests mostly wait (on the gateways, on timers); the gateways are what needs the 2 cores
  reporter: [["list"], ["json"]],
  outputDir: "results/playwright",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: debianChromium,
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "class", testIgnore: /disruptive\// },
    // One at a time and in file order (run.mjs passes --workers=1): each disturbs every stack it touches.
    { name: "disruptive", testMatch: /disruptive\/.*\.spec\.mjs$/ },
  ],
});
