/** The log-in and register forms. */
export class AuthPage {
  constructor(page) {
    this.page = page;
    this.username = page.getByLabel("Username");
    this.password = page.getByLabel("Password");
    this.displayName = page.getByLabel("Display name (optional)");
    this.createAccount = page.getByRole("button", { name: "Create account" });
    this.logInButton = page.getByRole("button", { name: "Log in" });
    this.formError = page.getByRole("alert");
  }

  async openRegister() {
    await this.page.goto("/#/register");
    await this.page.getByRole("heading", { name: "Create your account" }).waitFor();
  }

  async openLogin() {
    await this.page.goto("/#/login");
    await this.page.getByRole("heading", { name: "Welcome back" }).waitFor();
  }

  async register(username, password, displayName = "") {
    await this.openRegister();
    await this.username.fill(username);
    if (displayName !== "") await this.displayName.fill(displayName);
    await this.password.fill(password);
    await this.createAccount.click();
  }

  async logIn(username, password) {
    await this.openLogin();
    await this.username.fill(username);
    await this.password.fill(password);
    await this.logInButton.click();
  }

  /**
   * The text a field points at through aria-describedby (its error, else its hint), read in one
   * step inside the page: the id changes from "-hint" to "-error" when an error renders, so two
   * separate reads could race the re-render and wait for an element that has just gone.
   */
  async fieldError(field) {
    return field.evaluate((el) => {
      const id = el.getAttribute("aria-describedby");
      return id === null ? null : (document.getElementById(id)?.textContent ?? null);
    });
  }
}
