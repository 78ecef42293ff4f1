// @vitest-environment jsdom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeChat, render, withChat, type Rendered } from "../test-support/render";
import { Composer } from "./composer";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

function setup(overrides = {}) {
  const send = vi.fn();
  const stop = vi.fn();
  view = render(withChat(fakeChat({ send, stop, ...overrides }), <Composer />));
  const textarea = view.container.querySelector("textarea");
  if (textarea === null) throw new Error("no textarea");
  return { send, stop, textarea, container: view.container };
}

function type(textarea: HTMLTextAreaElement, value: string) {
  // React tracks the value itself; set it through the native setter so onChange fires.
  const descriptor = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value");
  act(() => {
    descriptor?.set?.call(textarea, value);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

function press(textarea: HTMLTextAreaElement, init: KeyboardEventInit) {
  act(() => {
    textarea.dispatchEvent(
      new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true, ...init }),
    );
  });
}

describe("Composer", () => {
  it("sends on Enter and clears the box", () => {
    const { send, textarea } = setup();
    type(textarea, "  What is a prime number?  ");
    press(textarea, {});
    expect(send).toHaveBeenCalledWith("What is a prime number?");
    expect(textarea.value).toBe("");
  });

  it("does not send on Shift+Enter, nor while an IME composition is open", () => {
    const { send, textarea } = setup();
    type(textarea, "こんにちは");
    press(textarea, { shiftKey: true });
    press(textarea, { isComposing: true });
    // Safari's composition-ending Enter; keyCode is the only tell.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    press(textarea, { keyCode: 229 });
    expect(send).not.toHaveBeenCalled();
  });

  it("refuses a message over 4000 characters and says by how much", () => {
    const { send, textarea, container } = setup();
    type(textarea, "x".repeat(4003));
    press(textarea, {});
    expect(send).not.toHaveBeenCalled();
    expect(container.textContent).toContain("3 characters over the 4000 limit");
    expect(
      container.querySelector<HTMLButtonElement>('button[aria-label="Send message"]')?.disabled,
    ).toBe(true);
  });

  it("says it is stopping, and ignores further clicks, once Stop was pressed", () => {
    const { container } = setup({ replying: true, stopping: true });
    const button = container.querySelector<HTMLButtonElement>("button.stop");
    expect(button?.disabled).toBe(true);
    expect(button?.getAttribute("aria-label")).toBe("Stopping the reply…");
  });

  it("offers Stop instead of Send while a reply streams", () => {
    const { stop, container } = setup({ replying: true });
    const button = container.querySelector<HTMLButtonElement>(
      'button[aria-label="Stop the reply"]',
    );
    act(() => button?.click());
    expect(stop).toHaveBeenCalledOnce();
    expect(container.querySelector('button[aria-label="Send message"]')).toBeNull();
  });
});
