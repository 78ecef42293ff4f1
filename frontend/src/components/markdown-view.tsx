import { useMemo, type MouseEvent, type ReactElement } from "react";
import { renderMarkdown } from "../markdown/render-markdown";
import { copyText } from "./copy-button";

/** Sanitized Markdown; the copy buttons inside code blocks are handled by delegation. */
export function MarkdownView({ content }: { content: string }): ReactElement {
  const html = useMemo(() => renderMarkdown(content), [content]);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as Element;
    const button = target.closest("button[data-copy-code]");
    const code = button?.closest(".code-block")?.querySelector("pre code");
    if (!(button instanceof HTMLButtonElement) || code == null) return;
    void copyText(code.textContent).then((ok) => {
      button.textContent = ok ? "Copied" : "Copy failed";
      setTimeout(() => {
        button.textContent = "Copy";
      }, 2000);
    });
  };
  return <div className="markdown" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
