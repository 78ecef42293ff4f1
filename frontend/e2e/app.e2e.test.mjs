// Browser end-to-end tests: Debian's Chromium against the real gateway jar (in-memory store,
// demo model), started here. Run with `npm run e2e` after `npm run build`.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchBrowser, newPage, PHONE, screenshot } from "./support/browser.mjs";
import { startDropProxy } from "./support/drop-proxy.mjs";
import { eventually, uniqueUsername } from "./support/eventually.mjs";
import { startGateway } from "./support/gateway.mjs";
import { AuthPage } from "./pages/auth-page.mjs";
import { ChatPage } from "./pages/chat-page.mjs";
import { WelcomePage } from "./pages/welcome-page.mjs";

const PASSWORD = "correct horse battery";

let gateway;
let browser;

before(async () => {
  gateway = await startGateway({ modelDelayMs: 40 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

/** A fresh browser context signed up as a new user, on the chat page, connected. */
async function signedUpChat(options = {}) {
  const session = await newPage(browser, {
    baseURL: options.baseURL ?? gateway.baseUrl,
    ...options,
  });
  const auth = new AuthPage(session.page);
  const username = uniqueUsername();
  await auth.register(username, PASSWORD, "Ada Lovelace");
  const chat = new ChatPage(session.page);
  await chat.composer.waitFor();
  await chat.waitUntilConnected();
  return { ...session, chat, username };
}

async function assertNoProblems(problems) {
  assert.deepEqual(problems, [], "no dialog opened and no script error happened");
}

describe("welcome page", () => {
  it("names the product, reports the backend reachable and leads to sign-up", async () => {
    const { page, context, problems } = await newPage(browser, { baseURL: gateway.baseUrl });
    const welcome = new WelcomePage(page);
    await welcome.open();
    assert.match(await welcome.heading.textContent(), /IBAL/);
    await eventually(async () => assert.match(await welcome.health.textContent(), /Service is up/));
    await welcome.getStarted.click();
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    await assertNoProblems(problems);
    await context.close();
  });
});

describe("accounts", () => {
  it("registers, logs out, and logs back in; errors name the field", async () => {
    const { page, context, problems } = await newPage(browser, { baseURL: gateway.baseUrl });
    const auth = new AuthPage(page);

    await auth.openRegister();
    await auth.username.fill("no spaces allowed");
    await auth.password.fill("short");
    await auth.createAccount.click();
    assert.match(await auth.fieldError(auth.username), /only letters/);
    assert.match(await auth.fieldError(auth.password), /at least 8/);

    const username = uniqueUsername();
    await auth.register(username, PASSWORD);
    const chat = new ChatPage(page);
    await chat.waitUntilConnected();

    // The access token must not sit in any storage; only the refresh token, in sessionStorage.
    const storage = await page.evaluate(() => ({
      local: JSON.stringify(localStorage),
      session: Object.keys(sessionStorage),
    }));
    assert.equal(storage.local, "{}");
    assert.ok(!storage.session.some((k) => /access/i.test(k)));

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();

    await auth.register(username, PASSWORD);
    assert.match(await auth.fieldError(auth.username), /taken/);

    await auth.logIn(username, "wrong password!");
    await eventually(async () =>
      assert.match(await auth.formError.textContent(), /Wrong username or password/),
    );

    await auth.logIn(username, PASSWORD);
    await chat.waitUntilConnected();
    await assertNoProblems(problems);
    await context.close();
  });
});

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
    await assertNoProblems(problems);
    await context.close();
  });

  it("stops a streaming reply", async () => {
    const { chat, context } = await signedUpChat();
    const longQuestion = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    await chat.send(longQuestion);
    await chat.streaming.waitFor({ timeout: 20_000 });
    await chat.stopButton.click();
    const reply = chat.replies.first();
    await reply.waitFor({ timeout: 20_000 });
    assert.match(await reply.textContent(), /Stopped/);
    assert.doesNotMatch(await reply.textContent(), /Configure a real model provider/);
    await chat.sendButton.waitFor();
    await context.close();
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
    assert.equal(await chat.activeSession().count(), 1, "the sidebar marks the open conversation");
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
    await assertNoProblems(problems);
    await context.close();
  });
});

describe("connection", () => {
  it("reconnects after the network drops, delivers the cut-off reply and sends what was typed offline", async () => {
    const proxy = await startDropProxy(gateway.port);
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
      await assertNoProblems(problems);
      await context.close();
    } finally {
      await proxy.close();
    }
  });
});

describe("accessibility", () => {
  it("works with the keyboard alone, from the welcome page to a reply", async () => {
    const { page, context } = await newPage(browser, { baseURL: gateway.baseUrl });
    await new WelcomePage(page).open();

    /** Presses Tab until the focused element has this accessible name. */
    const tabTo = async (name) => {
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          if (el === null) return "";
          const labelled = el.id
            ? document.querySelector(`label[for="${el.id}"]`)?.textContent
            : null;
          return (el.getAttribute("aria-label") ?? labelled ?? el.textContent ?? "").trim();
        });
        if (name instanceof RegExp ? name.test(focused) : focused === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    const focusRingVisible = () =>
      page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== "none");

    await tabTo(/Get started/);
    assert.ok(await focusRingVisible(), "focused link shows a focus ring");
    await page.keyboard.press("Enter");
    await tabTo("Username");
    await page.keyboard.type(uniqueUsername("keys"));
    await tabTo("Password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");

    const chat = new ChatPage(page);
    await chat.waitUntilConnected();
    await tabTo("Message");
    await page.keyboard.type("first line");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("second line");
    assert.equal(
      await chat.composer.inputValue(),
      "first line\nsecond line",
      "Shift+Enter adds a line",
    );
    await page.keyboard.press("Enter");
    await chat.replies.first().waitFor({ timeout: 20_000 });
    assert.equal(await chat.composer.inputValue(), "", "Enter sent the message");

    // The log announces replies; the streaming bubble stays out of the accessibility tree.
    assert.equal(await chat.log.getAttribute("aria-live"), "polite");
    await context.close();
  });

  it("counts characters and refuses a message over 4000", async () => {
    const { chat, context } = await signedUpChat();
    await chat.composer.fill("x".repeat(4001));
    assert.equal(await chat.sendButton.isDisabled(), true);
    await chat.page.getByText("1 characters over the 4000 limit").waitFor();
    await chat.composer.fill("x".repeat(12));
    await chat.page.getByText("12 / 4000").waitFor();
    await context.close();
  });

  it("fits a 360 px phone: no sideways scroll, conversations in a drawer", async () => {
    const { page, chat, context } = await signedUpChat({ viewport: PHONE });
    await chat.send("Hello from a small phone");
    await chat.replies.first().waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    assert.equal(await chat.sidebar.isVisible(), false, "sidebar tucked away");
    await chat.openDrawer.click();
    await chat.activeSession().waitFor({ state: "visible" });
    await page.keyboard.press("Escape");
    await eventually(async () => assert.equal(await chat.sidebar.isVisible(), false));
    await context.close();
  });
});

describe("screenshots", () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const [device, viewport] of [
      ["desktop", undefined],
      ["phone", PHONE],
    ]) {
      it(`captures welcome, login and chat (${colorScheme}, ${device})`, async () => {
        const options = { colorScheme, ...(viewport ? { viewport } : {}) };
        const { page, context } = await newPage(browser, { baseURL: gateway.baseUrl, ...options });
        const welcome = new WelcomePage(page);
        await welcome.open();
        await eventually(async () =>
          assert.match(await welcome.health.textContent(), /Service is up/),
        );
        await screenshot(page, `welcome-${colorScheme}-${device}`);
        await new AuthPage(page).openLogin();
        await screenshot(page, `login-${colorScheme}-${device}`);
        await context.close();

        const { page: chatPage, chat, context: chatContext } = await signedUpChat({ ...options });
        await chat.send(
          "Can you explain the water cycle in **simple** terms, with `evaporation` first?",
        );
        await chat.replies.first().waitFor({ timeout: 20_000 });
        await chat.send("And what about clouds?");
        await eventually(async () => assert.equal(await chat.replies.count(), 2), {
          timeoutMs: 20_000,
        });
        await chatPage.mouse.move(0, 0);
        await screenshot(chatPage, `chat-${colorScheme}-${device}`);
        await chatContext.close();
      });
    }
  }
});
