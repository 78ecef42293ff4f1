import assert from "node:assert/strict";
import { openPage, signedUpChat, describe, test as it } from "../support/fixture.mjs";
import { PHONE, screenshot } from "../support/browser.mjs";
import { eventually } from "../support/eventually.mjs";
import { AuthPage } from "../pages/auth-page.mjs";
import { WelcomePage } from "../pages/welcome-page.mjs";

describe("screenshots", () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const [device, viewport] of [
      ["desktop", undefined],
      ["phone", PHONE],
    ]) {
      it(`captures welcome, login and chat (${colorScheme}, ${device})`, async () => {
        const options = { colorScheme, ...(viewport ? { viewport } : {}) };
        const { page, context } = await openPage(options);
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
        await chatPage.getByRole("heading", { name: "What would you like to learn?" }).waitFor();
        await screenshot(chatPage, `chat-empty-${colorScheme}-${device}`);
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
        if (device === "phone") {
          await chat.openDrawer.click();
          await chat.activeSession().waitFor({ state: "visible" });
          await chatPage.waitForTimeout(300); // the drawer's slide-in
          await screenshot(chatPage, `chat-drawer-${colorScheme}-${device}`);
        }
        await chatContext.close();
      });
    }
  }
});
