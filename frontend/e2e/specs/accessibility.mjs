import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openPage, PASSWORD, signedUpChat } from "../support/fixture.mjs";
import { axeViolations } from "../support/axe.mjs";
import { PHONE } from "../support/browser.mjs";
import { eventually, uniqueUsername } from "../support/eventually.mjs";
import { ChatPage } from "../pages/chat-page.mjs";
import { WelcomePage } from "../pages/welcome-page.mjs";

describe("accessibility", () => {
  for (const colorScheme of ["light", "dark"]) {
    it(`passes axe's WCAG 2.1 AA checks on every page (${colorScheme})`, async () => {
      // axe-core is injected as an inline script: past the gateway's CSP (script-src 'self').
      const { page, context } = await openPage({ colorScheme, bypassCSP: true });
      const welcome = new WelcomePage(page);
      await welcome.open();
      await eventually(async () =>
        assert.match(await welcome.health.textContent(), /Service is up/),
      );
      assert.deepEqual(await axeViolations(page), [], "welcome page");

      await page.goto("/#/register");
      await page.getByRole("button", { name: "Create account" }).click(); // show the field errors
      await page.getByText("Use at least 8 characters.").waitFor();
      assert.deepEqual(await axeViolations(page), [], "register page with errors");
      await context.close();

      const {
        page: chatPage,
        chat,
        context: chatContext,
      } = await signedUpChat({
        colorScheme,
        bypassCSP: true,
      });
      assert.deepEqual(await axeViolations(chatPage), [], "empty chat");
      await chat.send("Give me **one** tip with `code`");
      await chat.replies.first().waitFor({ timeout: 20_000 });
      assert.deepEqual(await axeViolations(chatPage), [], "chat with messages");
      await chatContext.close();
    });
  }

  it("works with the keyboard alone, from the welcome page to a reply", async () => {
    const { page, context } = await openPage();
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
    const focusedLabel = () =>
      page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    assert.equal(await focusedLabel(), "Close conversations", "focus moved into the drawer");
    await page.keyboard.press("Escape");
    await eventually(async () => assert.equal(await chat.sidebar.isVisible(), false));
    assert.equal(await focusedLabel(), "Open conversations", "focus returned to the toggle");
    await context.close();
  });
});
