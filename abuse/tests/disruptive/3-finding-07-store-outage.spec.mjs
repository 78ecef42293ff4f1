// Finding 7: with the store unreachable the chat function crashed instead of answering: clients got
// {"message":"Internal server error"} with no type/replyTo, the app and the XBlock dropped it and the message
// stayed "Sending…"; three acknowledged questions were left with no reply and no error. Contract: every failure on
// the chat path answers an `error` frame with replyTo and retryable; a store outage is code "unavailable",
// retryable; the app shows it in words with Retry, and recovers. DynamoDB Local is SIGSTOPped (every gateway's
// store) while a protocol client and the app in Chromium use the direct gateway, then SIGCONTinued.
import { randomUUID } from "node:crypto";
import { newLearner } from "../../support/accounts.mjs";
import { signedInApp } from "../../support/app.mjs";
import { test, expect } from "../../support/fixtures.mjs";
import { call } from "../../support/http.mjs";
import { longQuestion } from "../../support/text.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("finding 7: a store outage answers every question with a typed error, and both clients recover", async ({
  browser,
  stack,
  learner,
  connect,
  addresses,
}) => {
  test.setTimeout(180_000);
  const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
  await socket.hello();
  const app = await signedInApp(browser, stack.direct.publicUrl, await newLearner(stack, addresses));
  let stopped = false;
  try {
    // Three questions whose replies stream for a few seconds: acknowledged, then the store goes away.
    const streaming = [0, 1, 2].map((i) => ({ clientMessageId: randomUUID(), content: longQuestion(400, `q${i}x`) }));
    const since = socket.frames.length;
    for (const q of streaming) socket.send({ action: "sendMessage", ...q });
    const acks = await Promise.all(
      streaming.map((q) =>
        socket.waitFor((f) => f.type === "ack" && f.clientMessageId === q.clientMessageId, { since, what: `ack ${q.clientMessageId}` }),
      ),
    );
    process.kill(stack.dynamodb.pid, "SIGSTOP");
    stopped = true;
    const outageStart = Date.now();

    const duringOutage = { clientMessageId: randomUUID(), content: "Are you there?" };
    socket.send({ action: "sendMessage", ...duringOutage });
    await app.chat.send("Sent while the store is down");
    const appQuestion = app.chat.userMessages.filter({ hasText: "Sent while the store is down" });

    const endOf = (q, ack) => (f) =>
      (f.type === "error" && f.replyTo === q.clientMessageId) || (ack && f.type === "message" && f.replyTo === ack.messageId);
    const answers = await Promise.all([
      ...streaming.map((q, i) => socket.waitFor(endOf(q, acks[i]), { since, timeoutMs: 45_000 }).catch(() => null)),
      socket.waitFor(endOf(duringOutage, null), { since, timeoutMs: 45_000 }).catch(() => null),
    ]);
    const appAlert = await appQuestion
      .getByRole("alert")
      .waitFor({ timeout: Math.max(1000, outageStart + 45_000 - Date.now()) })
      .then(() => appQuestion.getByRole("alert").innerText())
      .catch(() => null);
    const seen = {
      "acknowledged questions: how each ended": answers.slice(0, 3).map((f) => (f === null ? "nothing" : f.type === "message" ? "message" : `error ${f.code}`)),
      "the question sent during the outage": answers[3] && {
        type: answers[3].type,
        code: answers[3].code,
        retryable: answers[3].retryable,
        replyTo: answers[3].replyTo === duringOutage.clientMessageId,
      },
      "the app's message": {
        error: appAlert,
        stillSending: (await appQuestion.getByText("Sending…").count()) > 0,
        retry: (await appQuestion.getByRole("button", { name: /Retry/ }).count()) > 0,
      },
    };

    process.kill(stack.dynamodb.pid, "SIGCONT");
    stopped = false;
    const healthy = Date.now() + 30_000;
    while (Date.now() < healthy) {
      if ((await call(`${stack.direct.publicUrl}/api/health`, { timeoutMs: 5000 }).catch(() => null))?.status === 200) break;
      await sleep(500);
    }
    // Recovery: the same clientMessageId is answered, and the app's Retry gets the reply.
    const resent = await socket.ask(duringOutage.content, { clientMessageId: duringOutage.clientMessageId }).catch(() => ({}));
    seen["resent after the outage"] = resent.message ? "message" : resent.error ? `error ${resent.error.code}` : "nothing";
    if (seen["the app's message"].retry) {
      await appQuestion.getByRole("button", { name: /Retry/ }).click();
      seen["the app after Retry"] = await app.chat.replies
        .filter({ hasText: "Sent while the store is down" })
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => "answered")
        .catch(() => "no reply");
    } else {
      seen["the app after Retry"] = "no Retry offered";
    }

    expect(seen).toEqual({
      "acknowledged questions: how each ended": [expect.stringMatching(/^(message|error unavailable)$/), expect.stringMatching(/^(message|error unavailable)$/), expect.stringMatching(/^(message|error unavailable)$/)],
      "the question sent during the outage": { type: "error", code: "unavailable", retryable: true, replyTo: true },
      "the app's message": { error: expect.any(String), stillSending: false, retry: true },
      "resent after the outage": "message",
      "the app after Retry": "answered",
    });
  } finally {
    if (stopped) process.kill(stack.dynamodb.pid, "SIGCONT");
    await app.context.close();
  }
});
