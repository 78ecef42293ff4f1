// Finding 3: with permessage-deflate (every browser negotiates it) a message inflating past 8 KB closed the
// connection with 1009, and 3,000 CJK characters do that. Contract: compression works for every message the
// gateway's limits allow (128 KB message, 32 KB frames). Against the direct gateway (MESSAGE_MAX_CHARS 40,000
// there, so a 126 KB question is still routed and refused in words, not by closing).
import { test, expect } from "../support/fixtures.mjs";
import { signedInApp } from "../support/app.mjs";
import { cjkText, repetitiveCjk } from "../support/text.mjs";

test.describe("finding 3: compressed messages", () => {
  test("finding 3: a compressing client's 4,000-CJK-character sendMessage gets its ack and message", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    await socket.hello();
    const content = cjkText(4000);
    const outcome = await socket.ask(content).catch((e) => ({ thrown: e.message.slice(0, 120) }));
    expect({
      negotiated: socket.extensions,
      acked: Boolean(outcome.ack),
      answered: outcome.message?.content?.includes(content.slice(0, 200)) ?? false,
      closed: socket.closeInfo ?? null,
    }).toEqual({ negotiated: expect.stringContaining("permessage-deflate"), acked: true, answered: true, closed: null });
  });

  test("finding 3: a compressed 126 KB message (under the 128 KB limit) is routed, not closed", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    await socket.hello();
    // 42,000 characters: over MESSAGE_MAX_CHARS (40,000), so the function answers in words. In fragments of
    // 10,000 characters (30 KB inflated, far less on the wire).
    const outcome = await socket
      .ask(repetitiveCjk(42_000), { fragmentChars: 10_000 })
      .catch((e) => ({ thrown: e.message.slice(0, 120) }));
    // Still open and routed: a ping afterwards gets its pong.
    const since = socket.frames.length;
    if (socket.isOpen) socket.send({ action: "ping" });
    const pong = await socket.waitFor((f) => f.type === "pong", { since, timeoutMs: 5000, what: "pong" }).catch(() => null);
    expect({
      answer: outcome.error?.code ?? outcome.thrown ?? "no error",
      pong: pong !== null,
      closed: socket.closeInfo ?? null,
    }).toEqual({ answer: "message_too_large", pong: true, closed: null });
  });

  test("what held (finding 3): a compressed message inflating past 128 KB is still refused with 1009", async ({
    stack,
    learner,
    connect,
    addresses,
  }) => {
    const socket = await connect(stack.direct.wsUrl, { token: learner.accessToken, from: addresses.next() });
    // 1 MB of one letter compresses to about 1 KB: compression must never carry a message past the limit.
    socket.send({ action: "sendMessage", clientMessageId: "bomb", content: "a".repeat(1024 * 1024) });
    const closed = await Promise.race([socket.closed, new Promise((r) => setTimeout(() => r(null), 10_000))]);
    expect(closed?.code).toBe(1009);
  });

  test("finding 3: Chromium sends 4,000 CJK characters and gets its reply", async ({ browser, stack, learner }) => {
    const app = await signedInApp(browser, stack.direct.publicUrl, learner);
    try {
      const content = cjkText(4000, 11);
      await app.chat.send(content);
      const reply = app.chat.replies.filter({ hasText: content.slice(0, 30) });
      const answered = await reply
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
      expect({ answered, handshakes: app.traffic.handshakes.length }).toEqual({ answered: true, handshakes: 1 });
    } finally {
      await app.context.close();
    }
  });
});
