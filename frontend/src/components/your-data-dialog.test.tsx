// @vitest-environment jsdom
import { act } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { MeApi } from "../api/me-api";
import { render, type Rendered } from "../test-support/render";
import { YourDataDialog } from "./your-data-dialog";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

beforeAll(() => {
  // jsdom has <dialog> without its modal methods.
  Object.assign(HTMLDialogElement.prototype, {
    showModal(this: HTMLDialogElement) {
      this.open = true;
    },
    close(this: HTMLDialogElement) {
      this.open = false;
    },
  });
});

const click = async (container: HTMLElement, text: string, nth = 0) => {
  const buttons = [...container.querySelectorAll("button")].filter((b) => b.textContent === text);
  await act(async () => {
    buttons[nth]?.click();
    await new Promise((r) => setTimeout(r, 0));
  });
};

describe("YourDataDialog", () => {
  it("downloads the export as JSON and deletes the account only after a confirmation", async () => {
    const saved: string[] = [];
    URL.createObjectURL = (blob: Blob) => {
      saved.push(blob.type);
      return "blob:x";
    };
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    const exportData = vi.fn(() => Promise.resolve({ profile: { username: "ada" } }));
    const deleteAccount = vi.fn(() => Promise.resolve());
    const meApi: MeApi = { me: vi.fn(), exportData, deleteAccount };
    const onDeleted = vi.fn();
    view = render(<YourDataDialog meApi={meApi} onClose={vi.fn()} onDeleted={onDeleted} />);

    await click(view.container, "Download my data");
    expect(exportData).toHaveBeenCalledTimes(1);
    expect(saved).toEqual(["application/json"]);

    await click(view.container, "Delete my account");
    expect(deleteAccount).not.toHaveBeenCalled();
    expect(view.container.textContent).toContain("cannot be undone");
    // The confirmation's own button (the second one with that label).
    await click(view.container, "Delete my account", 1);
    expect(deleteAccount).toHaveBeenCalledTimes(1);
    expect(onDeleted).toHaveBeenCalledTimes(1);
  });
});
