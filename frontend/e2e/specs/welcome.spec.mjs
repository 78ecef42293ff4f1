import assert from "node:assert/strict";
import { assertNoProblems, openPage, describe, test as it } from "../support/fixture.mjs";
import { eventually } from "../support/eventually.mjs";
import { WelcomePage } from "../pages/welcome-page.mjs";

describe("welcome page", () => {
  it("names the product, reports the backend reachable and leads to sign-up", async () => {
    const { page, context, problems } = await openPage();
    const welcome = new WelcomePage(page);
    await welcome.open();
    assert.match(await welcome.heading.textContent(), /IBAL/);
    await eventually(async () => assert.match(await welcome.health.textContent(), /Service is up/));
    await welcome.getStarted.click();
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    assertNoProblems(problems);
    await context.close();
  });
});
