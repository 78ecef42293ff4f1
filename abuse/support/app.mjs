// The web app in Chromium, driven through the frontend's own page objects (frontend/e2e/pages), with the
// handshakes and ws-ticket calls it makes counted.
import { AuthPage } from "../../frontend/e2e/pages/auth-page.mjs";
import { ChatPage } from "../../frontend/e2e/pages/chat-page.mjs";

export { AuthPage, ChatPage };

/** A fresh browser context on `baseURL`, signed in as `learner`, its chat connected. */
export async function signedInApp(browser, baseURL, learner) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const traffic = { handshakes: [], tickets: [], cspViolations: [], pageErrors: [] };
  page.on("websocket", (ws) => traffic.handshakes.push({ url: ws.url().replace(/ticket=[^&]+|token=[^&]+/, "…"), at: Date.now() }));
  page.on("request", (req) => {
    if (req.url().endsWith("/api/auth/ws-ticket")) traffic.tickets.push(Date.now());
  });
  page.on("pageerror", (e) => traffic.pageErrors.push(e.message));
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) traffic.cspViolations.push(msg.text());
  });
  const auth = new AuthPage(page);
  await auth.logIn(learner.username, learner.password);
  const chat = new ChatPage(page);
  await chat.waitUntilConnected();
  return { context, page, chat, auth, traffic };
}

/** How many of `times` fall at or after `since`. */
export const countSince = (times, since) => times.filter((t) => (t.at ?? t) >= since).length;
