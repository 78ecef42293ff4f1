// @vitest-environment jsdom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../chat/chat-message";
import { render, type Rendered } from "../test-support/render";
import { MessageBubble } from "./message-bubble";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

const reply: ChatMessage = {
  type: "assistant",
  key: "a-1",
  messageId: "m-1",
  content: "Try **this**",
  createdAt: "2026-11-24T09:00:00Z",
  stopped: false,
  sources: [
    { title: "Course notes", url: "https://example.org/notes", snippet: "Chapter 2" },
    { title: "Sneaky", url: "javascript:alert(1)" },
  ],
  followUps: ["Give me an example"],
};

describe("MessageBubble", () => {
  it("shows sources (safe links only) and clickable follow-ups", () => {
    const onFollowUp = vi.fn();
    view = render(<MessageBubble message={reply} onRetry={vi.fn()} onFollowUp={onFollowUp} />);
    const links = [...view.container.querySelectorAll("section[aria-label='Sources'] a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.org/notes"]);
    expect(view.container.textContent).toContain("Sneaky");
    const chip = [...view.container.querySelectorAll("button")].find(
      (b) => b.textContent === "Give me an example",
    );
    act(() => chip?.click());
    expect(onFollowUp).toHaveBeenCalledWith("Give me an example");
  });

  it("offers Retry only for retryable errors, with the message's clientMessageId", () => {
    const onRetry = vi.fn();
    const failed: ChatMessage = {
      type: "user",
      key: "u-c1",
      clientMessageId: "c-1",
      content: "Hi",
      createdAt: "2026-11-24T09:00:00Z",
      status: "failed",
      error: { code: "rate_limited", retryable: true },
    };
    view = render(<MessageBubble message={failed} onRetry={onRetry} onFollowUp={vi.fn()} />);
    expect(view.container.querySelector("[role=alert]")?.textContent).toMatch(
      /sending messages quickly/,
    );
    const retry = [...view.container.querySelectorAll("button")].find((b) =>
      b.textContent.includes("Retry"),
    );
    act(() => retry?.click());
    expect(onRetry).toHaveBeenCalledWith("c-1");
    view.unmount();

    view = render(
      <MessageBubble
        message={{ ...failed, error: { code: "quota_exceeded", retryable: false } }}
        onRetry={onRetry}
        onFollowUp={vi.fn()}
      />,
    );
    expect(
      [...view.container.querySelectorAll("button")].some((b) => b.textContent.includes("Retry")),
    ).toBe(false);
  });

  it("explains an exhausted class budget in words and offers no Retry", () => {
    view = render(
      <MessageBubble
        message={{
          type: "user",
          key: "u-c2",
          clientMessageId: "c-2",
          content: "One more question",
          createdAt: "2026-12-03T09:00:00Z",
          status: "failed",
          error: { code: "budget_exhausted", retryable: false },
        }}
        onRetry={vi.fn()}
        onFollowUp={vi.fn()}
      />,
    );
    expect(view.container.querySelector("[role=alert]")?.textContent).toMatch(
      /Your class has used its budget for this month — ask your teacher/,
    );
    expect(view.container.textContent).not.toContain("Retry");
  });

  it("says why a stored question got no reply, without claiming it was not sent", () => {
    view = render(
      <MessageBubble
        message={{
          type: "user",
          key: "u-3",
          clientMessageId: "c-3",
          messageId: "m-3",
          content: "Hi",
          createdAt: "2026-11-24T09:00:00Z",
          status: "delivered",
          error: { code: "unavailable", retryable: true },
        }}
        onRetry={vi.fn()}
        onFollowUp={vi.fn()}
      />,
    );
    expect(view.container.querySelector("[role=alert]")?.textContent).toMatch(
      /briefly unavailable.*Retry/,
    );
    expect(view.container.textContent).not.toMatch(/Not sent|Sending/);
  });

  it("keeps a streaming reply out of the accessibility tree until it is final", () => {
    view = render(
      <MessageBubble
        message={{
          type: "assistant-streaming",
          key: "s-1",
          messageId: "m-1",
          replyTo: "m-0",
          content: "Hel",
          createdAt: "",
        }}
        onRetry={vi.fn()}
        onFollowUp={vi.fn()}
      />,
    );
    expect(view.container.querySelector("article")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("shows the learner's own text literally, never as Markdown or HTML", () => {
    view = render(
      <MessageBubble
        message={{
          type: "user",
          key: "u-2",
          clientMessageId: "c-2",
          content: "<b>hi</b> **there**",
          createdAt: "2026-11-24T09:00:00Z",
          status: "delivered",
        }}
        onRetry={vi.fn()}
        onFollowUp={vi.fn()}
      />,
    );
    expect(view.container.querySelector("b, strong")).toBeNull();
    expect(view.container.textContent).toContain("<b>hi</b> **there**");
  });
});
