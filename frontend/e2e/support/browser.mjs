import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../test-results");

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/**
 * A fresh context (no cookies, no storage) that fails the test on any dialog or page error:
 * a hostile message that managed to run script would show up here.
 */
export async function newPage(
  browser,
  { viewport = DESKTOP, colorScheme = "light", baseURL } = {},
) {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    baseURL,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    deviceScaleFactor: 1,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const page = await context.newPage();
  const problems = [];
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, problems, frames: recordWebSocketFrames(page) };
}

/**
 * Every JSON frame on the page's WebSockets, in both directions, from the first one, and how
 * many of the sockets have closed.
 */
function recordWebSocketFrames(page) {
  const frames = { urls: [], sent: [], received: [], closed: 0 };
  const parse = (payload) => {
    try {
      return JSON.parse(typeof payload === "string" ? payload : payload.toString());
    } catch {
      return { unparsable: String(payload) };
    }
  };
  page.on("websocket", (ws) => {
    frames.urls.push(ws.url());
    ws.on("framesent", ({ payload }) => frames.sent.push(parse(payload)));
    ws.on("framereceived", ({ payload }) => frames.received.push(parse(payload)));
    ws.on("close", () => {
      frames.closed += 1;
    });
  });
  return frames;
}

export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: false });
}
