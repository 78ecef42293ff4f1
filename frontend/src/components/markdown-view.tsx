import { useMemo, useSyncExternalStore, type MouseEvent, type ReactElement } from "react";
import { highlighter, markdownRenderer } from "../markdown/on-demand";
import { copyText } from "./copy-button";

/** Sanitized Markdown; the copy buttons inside code blocks are handled by delegation. */
export function MarkdownView({ content }: { content: string }): ReactElement {
  // Rendered again when the renderer (loaded on the first message) and the highlighter (on the first code block)
  // arrive; until the renderer is in, the text shows as it is.
  const rendererVersion = useSyncExternalStore(
    markdownRenderer.subscribe,
    markdownRenderer.version,
  );
  const highlighterVersion = useSyncExternalStore(highlighter.subscribe, highlighter.version);
  const html = useMemo(
    () => markdownRenderer.get()?.renderMarkdown(content),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the versions: render again once a module arrives
    [content, rendererVersion, highlighterVersion],
  );
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
  if (html === undefined) return <div className="markdown markdown-plain">{content}</div>;
  return <div className="markdown" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
