// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { highlighter } from "./on-demand";
import { renderMarkdown } from "./render-markdown";

function mount(markdown: string): HTMLElement {
  const host = document.createElement("div");
  host.innerHTML = renderMarkdown(markdown);
  return host;
}

describe("renderMarkdown", () => {
  it("renders ordinary Markdown", () => {
    const host = mount("# Title\n\nSome **bold** and `code`.\n\n- one\n- two");
    expect(host.querySelector("h1")?.textContent).toBe("Title");
    expect(host.querySelector("strong")?.textContent).toBe("bold");
    expect(host.querySelectorAll("li")).toHaveLength(2);
  });

  it("shows raw HTML as text instead of interpreting it", () => {
    const host = mount('<img src=x onerror="alert(1)"> and <script>alert(2)</script>');
    expect(host.querySelector("img, script")).toBeNull();
    expect(host.textContent).toContain("<script>alert(2)</script>");
    expect(host.innerHTML).not.toMatch(/<img|<script/i);
  });

  it("drops javascript: and data: links but keeps their text", () => {
    const host = mount(
      "[click](javascript:alert(1)) [data](data:text/html,hi) [ok](https://example.org)",
    );
    const hrefs = [...host.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual([null, null, "https://example.org"]);
    expect(host.textContent).toContain("click");
  });

  it("opens safe links in a new tab without giving it the opener", () => {
    const a = mount("[docs](https://example.org/a)").querySelector("a");
    expect(a?.getAttribute("target")).toBe("_blank");
    expect(a?.getAttribute("rel")).toContain("noopener");
  });

  it("turns images into links so no remote content loads", () => {
    const host = mount("![cat](https://example.org/cat.png)");
    expect(host.querySelector("img")).toBeNull();
    expect(host.querySelector("a")?.textContent).toBe("cat");
  });

  it("never lets an event handler or style attribute through", () => {
    const host = mount(
      '[x](https://example.org "t\\" onmouseover=\\"alert(1)")\n\n<a href="#" onclick="alert(1)">a</a>',
    );
    for (const el of host.querySelectorAll("*")) {
      for (const attr of el.getAttributeNames()) expect(attr).not.toMatch(/^on|^style$/);
    }
  });

  it("shows code as escaped text until the highlighter has loaded, then highlights it", async () => {
    const before = mount("```python\nprint('<b>hi</b>')\n```");
    expect(before.querySelector("pre span")).toBeNull();
    expect(before.querySelector("pre")?.textContent).toBe("print('<b>hi</b>')");

    await highlighter.load();

    expect(mount("```python\nprint('hi')\n```").querySelector("pre code span")).not.toBeNull();
  });

  it("highlights code in known languages and offers a copy button", async () => {
    await highlighter.load();
    const host = mount("```python\nprint('hi')\n```");
    expect(
      host.querySelector("pre code span.hljs-built_in, pre code span.hljs-string"),
    ).not.toBeNull();
    expect(host.querySelector("button[data-copy-code]")?.getAttribute("aria-label")).toBe(
      "Copy code",
    );
    expect(host.querySelector(".code-head span")?.textContent).toBe("python");
  });

  it("escapes code in unknown languages", () => {
    const host = mount("```brainfudge\n<b>not bold</b>\n```");
    expect(host.querySelector("pre b")).toBeNull();
    expect(host.querySelector("pre")?.textContent).toBe("<b>not bold</b>");
  });
});
