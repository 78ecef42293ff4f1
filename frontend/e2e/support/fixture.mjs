// The shared fixture: the gateway global-setup.mjs started, Playwright's one Chromium per worker, and a fresh
// browser context per test (openPage / signedUpChat), each failing its test on any dialog or script error.
import assert from "node:assert/strict";
import { test as base } from "@playwright/test";
import { newPage } from "./browser.mjs";
import { uniqueUsername } from "./eventually.mjs";
import { AuthPage } from "../pages/auth-page.mjs";
import { ChatPage } from "../pages/chat-page.mjs";

export { expect } from "@playwright/test";

export const PASSWORD = "correct horse battery";

/** The suite's gateway (from global-setup.mjs) and this worker's browser, read by the specs inside their tests. */
export const env = {
  gateway: {
    get baseUrl() {
      return process.env.IBAL_E2E_BASE_URL;
    },
    get port() {
      return Number(process.env.IBAL_E2E_PORT);
    },
  },
  browser: undefined,
};

export const test = base.extend({
  // Playwright's worker-scoped Chromium (launched with the config's launchOptions), shared by openPage().
  sharedBrowser: [
    async ({ browser }, use) => {
      env.browser = browser;
      await use(browser);
    },
    { scope: "worker", auto: true },
  ],
});

export const { describe } = test;

/** A fresh browser context on the gateway (or `baseURL`), with nothing signed in. */
export function openPage(options = {}) {
  return newPage(env.browser, { baseURL: env.gateway.baseUrl, ...options });
}

/** A fresh browser context signed up as a new user, on the chat page, connected. */
export async function signedUpChat(options = {}) {
  const session = await openPage(options);
  const auth = new AuthPage(session.page);
  const username = uniqueUsername();
  await auth.register(username, PASSWORD, "Ada Lovelace");
  const chat = new ChatPage(session.page);
  await chat.composer.waitFor();
  await chat.waitUntilConnected();
  return { ...session, chat, username };
}

export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], "no dialog opened and no script error happened");
}
