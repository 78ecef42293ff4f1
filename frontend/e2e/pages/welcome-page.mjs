/** The landing page, seen the way a user (or a screen reader) sees it. */
export class WelcomePage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1 });
    this.health = page.getByRole("status", { name: /Service status/ });
    this.getStarted = page.getByRole("link", { name: /Get started/ });
    this.logIn = page.getByRole("link", { name: "I have an account" });
  }

  async open() {
    await this.page.goto("/");
    await this.heading.waitFor();
  }
}
