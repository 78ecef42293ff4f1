import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { env, assertNoProblems, PASSWORD, describe, test as it } from "../support/fixture.mjs";
import { axeViolations } from "../support/axe.mjs";
import { newPage, PHONE, DESKTOP, screenshot } from "../support/browser.mjs";
import { eventually, uniqueUsername } from "../support/eventually.mjs";
import { startGateway } from "../support/gateway.mjs";
import { AuthPage } from "../pages/auth-page.mjs";
import { ChatPage } from "../pages/chat-page.mjs";
import { ConsolePage } from "../pages/console-page.mjs";

const CSV_HEADER = "date,userId,username,messages,tokensIn,tokensOut,cost";

/** RFC 4180 enough for our export: quoted fields may hold commas and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  for (const line of text.trim().split(/\r?\n/)) {
    const cells = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = !quoted;
      } else if (c === "," && !quoted) {
        cells.push(cell);
        cell = "";
      } else {
        cell += c;
      }
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/**
 * Issue 10, end to end on the real gateway: a teacher (an admin by ADMIN_USERNAMES) creates a
 * class and an invite; one learner registers through the invite link, another joins it signed
 * in; both chat; the teacher sees both with non-zero messages and cost in the table, the chart
 * and the CSV; a tiny budget refuses the next question with budget_exhausted; a suspended
 * learner is disconnected and cannot sign in. Screenshots of the console: desktop and phone,
 * light and dark.
 */
describe("the teacher's console", () => {
  const teacher = uniqueUsername("teacher");
  let gateway;
  // A gateway of its own: the teacher is its admin (ADMIN_USERNAMES), which the suite's shared one has none of.
  it.beforeAll(async () => {
    gateway = await startGateway({ env: { ADMIN_USERNAMES: teacher } });
  });
  it.afterAll(() => gateway?.stop());

  it("steers a class: invites, usage, CSV, budget, suspension", async () => {
    it.setTimeout(240_000);
    const open = (options = {}) => newPage(env.browser, { baseURL: gateway.baseUrl, ...options });

    // The teacher signs up (an admin by ADMIN_USERNAMES), opens the console, creates a class.
    const teach = await open();
    await new AuthPage(teach.page).register(teacher, PASSWORD);
    await new ChatPage(teach.page).composer.waitFor();
    await teach.page.getByRole("link", { name: "Class console" }).click();
    const console_ = new ConsolePage(teach.page);
    await console_.classes.waitFor();
    const classId = await console_.create("Biology 1");
    const inviteUrl = await console_.invite(2);
    assert.match(inviteUrl, /\/join\/[^/]+$/);
    const code = inviteUrl.split("/").pop();

    // Learner A follows the link signed out, registers with the invite filled in, and is back
    // on the invite to join.
    const a = await open();
    const nameA = uniqueUsername("learner-a");
    await a.page.goto(new URL(inviteUrl).pathname);
    await a.page.getByRole("link", { name: "Create an account" }).click();
    const authA = new AuthPage(a.page);
    assert.equal(await a.page.getByLabel("Invite code").inputValue(), code);
    await authA.username.fill(nameA);
    await authA.password.fill(PASSWORD);
    await authA.createAccount.click();
    await a.page.getByRole("button", { name: "Join class" }).click();
    await a.page.getByRole("heading", { name: "You joined Biology 1" }).waitFor();
    await a.page.getByRole("link", { name: "Start chatting" }).click();
    const chatA = new ChatPage(a.page);
    await chatA.composer.waitFor();
    await chatA.waitUntilConnected();

    // Learner B has an account already and joins signed in.
    const b = await open();
    const nameB = uniqueUsername("learner-b");
    await new AuthPage(b.page).register(nameB, PASSWORD);
    await new ChatPage(b.page).composer.waitFor();
    await b.page.goto(new URL(inviteUrl).pathname);
    await b.page.getByRole("button", { name: "Join class" }).click();
    await b.page.getByRole("heading", { name: "You joined Biology 1" }).waitFor();
    await b.page.getByRole("link", { name: "Start chatting" }).click();
    const chatB = new ChatPage(b.page);
    await chatB.waitUntilConnected();

    // Both chat.
    await chatA.send("What is photosynthesis?");
    await chatA.replies.first().waitFor({ timeout: 20_000 });
    await chatB.send("What is a cell membrane?");
    await chatB.replies.first().waitFor({ timeout: 20_000 });
    await chatB.send("And the nucleus?");
    await eventually(async () => assert.equal(await chatB.replies.count(), 2), {
      timeoutMs: 20_000,
    });

    // The teacher sees both, with messages and cost, in the table and in the chart.
    await eventually(
      async () => {
        await console_.reload();
        const rows = await console_.learnerRows();
        const byName = Object.fromEntries(rows.map((r) => [r.username, r]));
        assert.ok(byName[nameA]?.messages >= 1, `${nameA} has messages: ${JSON.stringify(rows)}`);
        assert.ok(byName[nameB]?.messages >= 2, `${nameB} has messages: ${JSON.stringify(rows)}`);
        for (const name of [nameA, nameB]) {
          assert.match(byName[name].cost, /[1-9]/, `${name}'s cost is not zero`);
        }
      },
      { timeoutMs: 20_000, intervalMs: 1_000 },
    );
    assert.ok(
      (await console_.barValues()).some((v) => v >= 3),
      "a day with 3+ messages",
    );
    await teach.page
      .getByRole("group", { name: "Chart shows" })
      .getByRole("button", { name: "Cost" })
      .click();
    assert.ok(
      (await console_.barValues()).some((v) => v > 0),
      "a day with a cost",
    );
    // Sorting by the Learner header (keyboard): names ascending, announced by aria-sort.
    await teach.page.getByRole("button", { name: /^Learner/ }).focus();
    await teach.page.keyboard.press("Enter");
    const sorted = (await console_.learnerRows()).map((r) => r.username);
    assert.deepEqual(
      sorted,
      [...sorted].sort((x, y) => x.localeCompare(y)),
    );
    assert.equal(
      await teach.page.getByRole("columnheader", { name: /^Learner/ }).getAttribute("aria-sort"),
      "ascending",
    );

    // The CSV holds the same numbers, one row per learner per day.
    const [download] = await Promise.all([
      teach.page.waitForEvent("download"),
      console_.exportCsv.click(),
    ]);
    const rows = parseCsv(await readFile(await download.path(), "utf8"));
    assert.equal(rows[0].join(","), CSV_HEADER);
    const perLearner = (name) =>
      rows
        .slice(1)
        .filter((r) => r[2] === name)
        .reduce(
          (sum, r) => ({ messages: sum.messages + Number(r[3]), cost: sum.cost + Number(r[6]) }),
          { messages: 0, cost: 0 },
        );
    assert.ok(perLearner(nameA).messages >= 1 && perLearner(nameA).cost > 0, "A in the CSV");
    assert.ok(perLearner(nameB).messages >= 2 && perLearner(nameB).cost > 0, "B in the CSV");
    for (const row of rows.slice(1)) assert.match(row[0], /^\d{4}-\d\d-\d\d$/);

    // Screenshots of the console with data: desktop and phone, light and dark.
    for (const colorScheme of ["light", "dark"]) {
      for (const [device, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ]) {
        await teach.page.setViewportSize(viewport);
        await teach.page.emulateMedia({ colorScheme });
        await teach.page.mouse.move(0, 0);
        await screenshot(teach.page, `console-${colorScheme}-${device}`);
        assert.deepEqual(await axeViolations(teach.page), [], `console ${colorScheme} ${device}`);
      }
    }
    await teach.page.setViewportSize(DESKTOP);
    await teach.page.emulateMedia({ colorScheme: "light" });

    // A budget smaller than what was spent: the next question is refused in words.
    await console_.monthlyBudget.fill("0.000001");
    await console_.saveLimits.click();
    await teach.page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await chatA.send("One more question, please");
    await chatA.userMessages
      .last()
      .getByRole("alert")
      .filter({ hasText: "Your class has used its budget for this month — ask your teacher." })
      .waitFor({ timeout: 20_000 });
    assert.equal(await chatA.userMessages.last().getByRole("button", { name: "Retry" }).count(), 0);
    assert.ok(
      a.frames.received.some((f) => f.type === "error" && f.code === "budget_exhausted"),
      "the server sent the typed error",
    );

    // A suspended learner is disconnected and cannot sign in again.
    const closedBefore = b.frames.closed;
    await console_.suspend(nameB);
    await eventually(() => assert.ok(b.frames.closed > closedBefore, "B's socket was closed"), {
      timeoutMs: 15_000,
    });
    // Reconnecting, the app is refused a ticket (account_suspended) and ends the sign-in.
    await b.page.getByRole("heading", { name: "Welcome back" }).waitFor({ timeout: 20_000 });
    const authB = new AuthPage(b.page);
    await authB.logIn(nameB, PASSWORD);
    await authB.formError
      .filter({ hasText: "Your account is suspended. Ask your teacher to restore it." })
      .waitFor();
    assert.equal(await b.page.getByRole("textbox", { name: "Message" }).count(), 0);

    // The teacher's table says so, on the class's own page.
    await console_.open(classId);
    await teach.page.locator(".learner-table .chip", { hasText: "suspended" }).waitFor();

    for (const session of [teach, a, b]) {
      assertNoProblems(session.problems);
      await session.context.close();
    }
  });
});
