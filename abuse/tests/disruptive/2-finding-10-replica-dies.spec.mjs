// Finding 10, last part: after a replica died mid-reply the app kept a ghost streaming bubble until reload.
// Contract: after a reconnect, the client resends the question's clientMessageId (the server replays the stored
// reply or asks again) and the bubble is replaced. Also what held: kill -9 of a replica mid-reply loses no
// acknowledged question. Through Caddy; the replica holding the app's socket is killed with SIGKILL (so the
// replicas behind Caddy are one fewer for the tests after this one).
import { bearer } from "../../support/accounts.mjs";
import { signedInApp } from "../../support/app.mjs";
import { test, expect } from "../../support/fixtures.mjs";
import { call } from "../../support/http.mjs";
import { signedCall } from "../../support/sigv4.mjs";
import { longQuestion } from "../../support/text.mjs";

/** Connections a replica holds, from its own health (on its internal listener). */
async function connectionsHeld(stack, replica) {
  let res = await call(`${replica.internalUrl}/_gateway/health`, { timeoutMs: 5000 }).catch(() => null);
  if (res?.status === 403) {
    res = await signedCall(`${replica.internalUrl}/_gateway/health`, { service: "execute-api", credentials: stack.aws });
  }
  return res?.json?.connections ?? 0;
}

test("finding 10: after the replica streaming a reply dies, the app replaces the ghost bubble with the reply", async ({
  browser,
  stack,
  learner,
}) => {
  test.setTimeout(150_000);
  const before = await Promise.all(stack.replicas.map((r) => connectionsHeld(stack, r)));
  const app = await signedInApp(browser, stack.caddy.url, learner);
  try {
    const after = await Promise.all(stack.replicas.map((r) => connectionsHeld(stack, r)));
    const holder = stack.replicas[after.findIndex((n, i) => n > before[i])];
    expect(holder, `connections before ${before}, after ${after}`).toBeTruthy();

    // 600 words (under the app's 4,000 characters) at 20 ms per three: the reply streams for about 4 s.
    const question = longQuestion(600, "gh");
    await app.chat.send(question);
    await app.chat.streaming.waitFor({ timeout: 30_000 });
    process.kill(holder.pid, "SIGKILL");

    const deadline = Date.now() + 60_000;
    let seen;
    do {
      await app.page.waitForTimeout(1000);
      seen = {
        ghostBubbles: await app.chat.streaming.count(),
        completeReplies: await app.chat.replies.filter({ hasText: "gh599" }).count(),
      };
    } while ((seen.ghostBubbles > 0 || seen.completeReplies !== 1) && Date.now() < deadline);

    // What held: the acknowledged question is stored (read back through the surviving replica).
    const sessions = await call(`${stack.caddy.url}/api/sessions`, { headers: bearer(learner) });
    const sessionId = sessions.json?.items?.[0]?.id;
    const messages = await call(`${stack.caddy.url}/api/sessions/${sessionId}/messages?limit=100`, { headers: bearer(learner) });
    seen.questionStored = (messages.json?.items ?? []).some((m) => m.role === "user" && m.content === question);

    expect(seen).toEqual({ ghostBubbles: 0, completeReplies: 1, questionStored: true });
  } finally {
    await app.context.close();
  }
});
