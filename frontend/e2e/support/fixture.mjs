// The shared fixture: one real gateway and one Chromium for the whole suite (starting the
// gateway costs seconds), fresh browser contexts per test.
import assert from "node:assert/strict";
import { launchBrowser, newPage } from "./browser.mjs";
import { uniqueUsername } from "./eventually.mjs";
import { startGateway } from "./gateway.mjs";
import { AuthPage } from "../pages/auth-page.mjs";
import { ChatPage } from "../pages/chat-page.mjs";

export const PASSWORD = "correct horse battery";

/** Filled by startSuite(); read by the specs inside their tests. */
export const env = { gateway: undefined, browser: undefined };

export async function startSuite() {
  env.gateway = await startGateway({ modelDelayMs: 40 });
  env.browser = await launchBrowser();
}

export async function stopSuite() {
  await env.browser?.close();
  await env.gateway?.stop();
}

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
