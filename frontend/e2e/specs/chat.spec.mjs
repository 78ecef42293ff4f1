import assert from "node:assert/strict";
import { assertNoProblems, signedUpChat, describe, test as it } from "../support/fixture.mjs";
import { eventually } from "../support/eventually.mjs";

describe("chat", () => {
  it("streams a reply chunk by chunk, then shows the final message", async () => {
    const { chat, context, problems } = await signedUpChat();
    await chat.recordStreaming();
    await chat.send("What is photosynthesis and why do plants need sunlight to make their food?");

    await chat.userMessages.first().waitFor();
    await chat.replies.first().waitFor({ timeout: 20_000 });
    const finalText = await chat.replies.first().textContent();
    assert.match(finalText, /You asked: "What is photosynthesis/);

    const streamed = await chat.streamedTexts();
    assert.ok(
      streamed.length >= 2,
      `saw ${streamed.length} streaming states before the final message`,
    );
    assert.ok(streamed[0].length < streamed.at(-1).length, "the streamed text grew");
    assert.ok(
      finalText.includes(streamed[0].trim()),
      "the chunks were the start of the final reply",
    );
    assert.equal(await chat.streaming.count(), 0, "the final message replaced the streamed chunks");

    await chat.replies.first().getByRole("button", { name: "Copy reply" }).click();
    const copied = await chat.page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^This is the demo model\. You asked: "What is photosynthesis/);
    assertNoProblems(problems);
    await context.close();
  });

  it("sends stop for the streaming reply, and the composer returns when the reply ends", async () => {
    const { chat, context, frames } = await signedUpChat();
    const longQuestion = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    await chat.send(longQuestion);
    await chat.streaming.waitFor({ timeout: 20_000 });
    await chat.stopButton.click();

    const chunk = frames.received.find((f) => f.type === "chunk");
    assert.ok(chunk, "a chunk arrived before Stop was pressed");
    await eventually(() =>
      assert.deepEqual(
        frames.sent.filter((f) => f.action === "stop"),
        [{ action: "stop", messageId: chunk.messageId }],
      ),
    );
    await chat.replies.first().waitFor({ timeout: 20_000 });
    await chat.sendButton.waitFor();
    await context.close();
  });

  it("ends a stopped reply early and marks it Stopped", async () => {
    const { chat, context } = await signedUpChat();
    const longQuestion = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    await chat.send(longQuestion);
    await chat.streaming.waitFor({ timeout: 20_000 });
    await chat.stopButton.click();
    const reply = chat.replies.first();
    await reply.waitFor({ timeout: 20_000 });
    const text = await reply.textContent();
    await context.close();
    assert.ok(/Stopped/.test(text), "the reply is marked Stopped");
    assert.ok(!/Configure a real model provider/.test(text), "the reply ended early");
  });

  it("shows the conversation again after a reload", async () => {
    const { page, chat, context } = await signedUpChat();
    await chat.send("Remember me after a reload");
    await chat.replies.first().waitFor({ timeout: 20_000 });
    await eventually(async () => assert.match(page.url(), /#\/chat\/.+/));
    const url = page.url();

    await page.reload();
    await chat.waitUntilConnected();
    assert.equal(page.url(), url);
    await chat.replies.first().waitFor();
    assert.match(await chat.userMessages.first().textContent(), /Remember me after a reload/);
    assert.match(await chat.replies.first().textContent(), /Remember me after a reload/);
    // The sidebar loads on its own request, so it may render after the history.
    await eventually(async () =>
      assert.equal(
        await chat.activeSession().count(),
        1,
        "the sidebar marks the open conversation",
      ),
    );
    await context.close();
  });

  it("switches between conversations from the sidebar, newest first under Today", async () => {
    const { page, chat, context } = await signedUpChat();
    await chat.send("First topic: volcanoes");
    await chat.replies.first().waitFor({ timeout: 20_000 });
    await chat.newChat.click();
    await page.getByRole("heading", { name: "What would you like to learn?" }).waitFor();
    await chat.send("Second topic: glaciers");
    await eventually(
      async () => assert.match(await chat.replies.first().textContent(), /glaciers/),
      {
        timeoutMs: 20_000,
      },
    );

    const today = chat.sidebar.getByRole("region", { name: "Today" });
    await eventually(async () =>
      assert.deepEqual(await today.getByRole("link").allTextContents(), [
        "Second topic: glaciers",
        "First topic: volcanoes",
      ]),
    );

    await chat.session("First topic: volcanoes").click();
    await eventually(async () => {
      assert.equal(await chat.userMessages.count(), 1);
      assert.match(await chat.userMessages.first().textContent(), /volcanoes/);
      assert.equal(await chat.title.textContent(), "First topic: volcanoes");
    });
    await context.close();
  });

  it("leaves no empty conversations behind when opening new chats", async () => {
    const { page, chat, context } = await signedUpChat();
    await chat.newChat.click();
    await chat.newChat.click();
    await page.reload();
    await chat.waitUntilConnected();
    await page.getByText("No conversations yet").waitFor();
    await chat.send("Now there is one");
    await chat.replies.first().waitFor({ timeout: 20_000 });
    await eventually(async () => assert.equal(await chat.sidebar.getByRole("link").count(), 1));
    await context.close();
  });

  it("renames and deletes a conversation", async () => {
    const { page, chat, context } = await signedUpChat();
    await chat.send("A conversation to rename");
    await chat.replies.first().waitFor({ timeout: 20_000 });
    const active = chat.activeSession();
    await active.waitFor();
    const originalTitle = (await active.textContent()).trim();

    await chat.rename(originalTitle, "Biology revision");
    await chat.session("Biology revision").waitFor();
    await eventually(async () => assert.equal(await chat.title.textContent(), "Biology revision"));

    // Survives a reload: the server stored it.
    await page.reload();
    await chat.session("Biology revision").waitFor();

    await chat.delete("Biology revision");
    await eventually(async () => assert.equal(await chat.session("Biology revision").count(), 0));
    await page.reload();
    await chat.waitUntilConnected();
    assert.equal(await chat.session("Biology revision").count(), 0);
    await context.close();
  });

  it("renders hostile Markdown inert", async () => {
    const { page, chat, context, problems } = await signedUpChat();
    await page.evaluate(() => {
      window.__pwned = 0;
    });
    const hostile =
      '<img src=x onerror="alert(1);window.__pwned=1"> <script>alert(2);window.__pwned=2</script> ' +
      '[click me](javascript:alert(3)) <a href="javascript:alert(4)" onclick="alert(5)">raw link</a> ' +
      '<iframe src="javascript:alert(6)"></iframe> **bold**';
    await chat.send(hostile);
    const reply = chat.replies.first();
    await reply.waitFor({ timeout: 20_000 });

    const text = await reply.textContent();
    assert.match(text, /<script>alert\(2\)/, "raw HTML is shown as text");
    assert.equal(await chat.log.locator("img, script, iframe").count(), 0);
    assert.equal(
      await reply.locator("strong").textContent(),
      "bold",
      "ordinary Markdown still renders",
    );
    const link = reply.getByText("click me");
    assert.equal(await link.getAttribute("href"), null, "the javascript: link lost its href");
    await link.click();
    await page.waitForTimeout(300);

    assert.equal(await page.evaluate(() => window.__pwned), 0);
    assertNoProblems(problems);
    await context.close();
  });
});
