/** The teacher's Class console: classes, usage, learners, limits, invites. */
export class ConsolePage {
  constructor(page) {
    this.page = page;
    this.classes = page.getByRole("navigation", { name: "Classes" });
    this.className = page.getByLabel("Class name");
    this.createClass = page.getByRole("button", { name: "Create class" });
    this.seats = page.getByLabel("Seats");
    this.expiry = page.getByLabel("Expires after");
    this.createInvite = page.getByRole("button", { name: "Create invite" });
    this.chart = page.getByTestId("daily-chart");
    this.learnerTable = page.locator(".learner-table");
    this.exportCsv = page.getByRole("button", { name: "Export CSV" });
    this.monthlyBudget = page.getByLabel(/^Monthly budget \([A-Z]{3}\)$/);
    this.dailyQuota = page.getByLabel("Daily messages for the class");
    this.saveLimits = page.getByRole("button", { name: "Save limits" });
  }

  async open(classId = null) {
    await this.page.goto(classId === null ? "/#/console" : `/#/console/${classId}`);
    await this.classes.waitFor();
  }

  /** Creates a class and waits until its page shows; answers its id (from the URL). */
  async create(name) {
    await this.className.fill(name);
    await this.createClass.click();
    await this.page.getByRole("heading", { level: 1, name }).waitFor();
    return decodeURIComponent(new URL(this.page.url()).hash.replace(/^#\/console\//, ""));
  }

  /** Creates an invite and answers its link (the newest in the list). */
  async invite(seats) {
    await this.seats.fill(String(seats));
    await this.createInvite.click();
    const link = this.page.getByRole("textbox", { name: /^Invite link / }).first();
    await link.waitFor();
    return link.inputValue();
  }

  /** The learner table as objects, one per learner row (the controls rows skipped). */
  async learnerRows() {
    return this.learnerTable.evaluate((table) =>
      [...table.querySelectorAll("tbody tr:not(.learner-actions-row)")].map((tr) => ({
        username: tr.querySelector("th")?.firstChild?.textContent ?? "",
        messages: Number((tr.children[1]?.textContent ?? "").replace(/[^\d.]/g, "")),
        cost: tr.children[3]?.textContent ?? "",
      })),
    );
  }

  /** The values the chart's bars stand for. */
  async barValues() {
    return this.chart.evaluate((svg) =>
      [...svg.querySelectorAll(".chart-bar")].map((bar) => Number(bar.getAttribute("data-value"))),
    );
  }

  /** Reloads the class's page; short waits, as callers retry until the numbers arrive. */
  async reload() {
    await this.page.reload();
    await this.learnerTable.waitFor({ timeout: 5_000 });
  }

  manage(username) {
    return this.page.getByRole("button", { name: `Manage ${username}` });
  }

  async suspend(username) {
    await this.manage(username).click();
    await this.page.getByRole("button", { name: `Suspend ${username}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `Suspend ${username}?` });
    await dialog.getByRole("button", { name: "Suspend" }).click();
    await dialog.waitFor({ state: "detached" });
    await this.page
      .getByRole("status")
      .filter({ hasText: `${username} is suspended.` })
      .waitFor();
  }
}
