import assert from "node:assert/strict";
import { assertNoProblems, env, signedUpChat, describe, test as it } from "../support/fixture.mjs";
import { startDropProxy } from "../support/drop-proxy.mjs";
import { eventually } from "../support/eventually.mjs";

describe("connection", () => {
  it("reconnects after the network drops, delivers the cut-off reply and sends what was typed offline", async () => {
    const proxy = await startDropProxy(env.gateway.port);
    try {
      const { chat, context, problems } = await signedUpChat({ baseURL: proxy.baseUrl });

      // Drop mid-stream: the reply must still arrive once we are back.
      const longQuestion = Array.from({ length: 60 }, (_, i) => `topic${i}`).join(" ");
      await chat.send(longQuestion);
      await chat.streaming.waitFor({ timeout: 20_000 });
      proxy.cut();
      await eventually(async () =>
        assert.match(await chat.connection.getAttribute("aria-label"), /Reconnecting|Offline/),
      );

      // Typed while the network is down: queued, not lost.
      await chat.send("Sent while offline");
      await chat.userMessages
        .filter({ hasText: "Sent while offline" })
        .getByText("Waiting for connection")
        .waitFor();

      proxy.restore();
      await chat.waitUntilConnected();
      await eventually(
        async () => {
          const replies = await chat.replies.allTextContents();
          assert.ok(
            replies.some((r) => r.includes("topic59")),
            "the reply cut off by the drop arrived",
          );
          assert.ok(
            replies.some((r) => r.includes("Sent while offline")),
            "the queued message was answered",
          );
          assert.equal(replies.length, 2, "each question answered exactly once");
        },
        { timeoutMs: 30_000 },
      );
      assert.equal(await chat.userMessages.filter({ hasText: "Sent while offline" }).count(), 1);

      assertNoProblems(problems);
      await context.close();
    } finally {
      await proxy.close();
    }
  });

  it("replaces a reply cut off mid-stream instead of leaving a ghost streaming bubble", async () => {
    const proxy = await startDropProxy(env.gateway.port);
    try {
      const { chat, context, problems, frames } = await signedUpChat({ baseURL: proxy.baseUrl });
      // Long enough (~100 chunks at 40 ms) to still be streaming when the connection comes back.
      const question = Array.from({ length: 300 }, (_, i) => `idea${i}`).join(" ");
      await chat.send(question);
      await chat.streaming.waitFor({ timeout: 20_000 });
      proxy.cut();
      await new Promise((r) => setTimeout(r, 300));
      proxy.restore();
      await chat.waitUntilConnected();

      await chat.replies.first().waitFor({ timeout: 30_000 });
      await eventually(async () => assert.equal(await chat.streaming.count(), 0), {
        timeoutMs: 15_000,
      });
      assert.match(await chat.replies.first().textContent(), /idea299/);
      assert.equal(await chat.replies.count(), 1, "one reply for the one question");
      const resent = frames.sent.filter((f) => f.action === "sendMessage");
      assert.equal(new Set(resent.map((f) => f.clientMessageId)).size, 1);
      assert.ok(resent.length >= 2, "the question was resent, same clientMessageId, on reconnect");
      assertNoProblems(problems);
      await context.close();
    } finally {
      await proxy.close();
    }
  });
});
