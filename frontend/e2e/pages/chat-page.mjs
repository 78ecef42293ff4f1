/** The chat screen: composer, conversation log, sidebar of conversations. */
export class ChatPage {
  constructor(page) {
    this.page = page;
    this.composer = page.getByRole("textbox", { name: "Message" });
    this.sendButton = page.getByRole("button", { name: "Send message" });
    this.stopButton = page.getByRole("button", { name: "Stop the reply" });
    this.log = page.getByRole("log", { name: "Conversation" });
    this.replies = this.log.getByRole("article", { name: "IBAL replied" });
    this.userMessages = this.log.getByRole("article", { name: "You said" });
    // The growing reply is hidden from assistive tech (announced once when final), so no role finds it.
    this.streaming = page.locator('[data-streaming="true"]');
    this.connection = page.getByRole("status", { name: /^Connection:/ });
    this.sidebar = page.getByRole("navigation", { name: "Conversations" });
    this.newChat = page.getByRole("button", { name: "New chat" });
    this.openDrawer = page.getByRole("button", { name: "Open conversations" });
    this.title = page.getByRole("heading", { level: 1 });
  }

  async waitUntilConnected() {
    await this.connection
      .and(this.page.getByRole("status", { name: "Connection: Connected" }))
      .waitFor();
  }

  async send(text) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  /**
   * Records, inside the page, every text the streaming bubble shows, so a test can prove
   * chunks were visible before the final message without racing the stream.
   */
  async recordStreaming() {
    await this.page.evaluate(() => {
      const seen = [];
      window.__ibalStreamSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-streaming="true"]')) {
          const text = el.textContent ?? "";
          if (seen.at(-1) !== text) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }

  streamedTexts() {
    return this.page.evaluate(() => window.__ibalStreamSeen ?? []);
  }

  session(title) {
    return this.sidebar.getByRole("link", { name: title, exact: true });
  }

  activeSession() {
    return this.sidebar.locator('a[aria-current="page"]');
  }

  async rename(oldTitle, newTitle) {
    await this.sidebar.getByRole("button", { name: `Rename “${oldTitle}”` }).click();
    const input = this.page.getByRole("textbox", { name: `New title for “${oldTitle}”` });
    await input.fill(newTitle);
    await input.press("Enter");
  }

  async delete(title) {
    await this.sidebar.getByRole("button", { name: `Delete “${title}”` }).click();
    const dialog = this.page.getByRole("dialog", { name: "Delete this conversation?" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await dialog.waitFor({ state: "detached" });
  }
}
