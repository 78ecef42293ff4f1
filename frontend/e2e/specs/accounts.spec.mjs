import assert from "node:assert/strict";
import { assertNoProblems, openPage, PASSWORD, describe, test as it } from "../support/fixture.mjs";
import { eventually, uniqueUsername } from "../support/eventually.mjs";
import { AuthPage } from "../pages/auth-page.mjs";
import { ChatPage } from "../pages/chat-page.mjs";

describe("accounts", () => {
  it("registers, logs out, and logs back in; errors name the field", async () => {
    const { page, context, problems, frames } = await openPage();
    const auth = new AuthPage(page);

    await auth.openRegister();
    await auth.username.fill("no spaces allowed");
    await auth.password.fill("short");
    await auth.createAccount.click();
    await eventually(async () => {
      assert.match(await auth.fieldError(auth.username), /only letters/);
      assert.match(await auth.fieldError(auth.password), /at least 8/);
    });

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
    // The WebSocket authenticates with a one-time ticket: no token in a URL that proxies log.
    assert.ok(frames.urls.length > 0);
    for (const url of frames.urls) {
      assert.match(url, /[?&]ticket=/);
      assert.doesNotMatch(url, /[?&]token=/);
    }

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();

    await auth.register(username, PASSWORD);
    await eventually(async () => assert.match(await auth.fieldError(auth.username), /taken/));

    await auth.logIn(username, "wrong password!");
    await eventually(async () =>
      assert.match(await auth.formError.textContent(), /Wrong username or password/),
    );

    await auth.logIn(username, PASSWORD);
    await chat.waitUntilConnected();
    assertNoProblems(problems);
    await context.close();
  });
});
