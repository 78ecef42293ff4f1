import { act, type ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { ChatContext } from "../chat/chat-context";
import { initialChatState } from "../chat/chat-state";
import type { ChatController } from "../chat/use-chat";

// Tells React this environment supports act(); without it React warns on every update.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  root: Root;
  unmount: () => void;
}

export function render(element: ReactElement): Rendered {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  return {
    container,
    root,
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** A chat controller whose actions are spies, for rendering components in isolation. */
export function fakeChat(overrides: Partial<ChatController> = {}): ChatController {
  const noop = () => undefined;
  return {
    state: { ...initialChatState, status: "connected" },
    replying: false,
    stopping: false,
    send: noop,
    retry: noop,
    stop: noop,
    loadOlder: noop,
    reloadHistory: noop,
    dismissNotice: noop,
    ...overrides,
  };
}

export function withChat(chat: ChatController, element: ReactElement): ReactElement {
  return <ChatContext value={chat}>{element}</ChatContext>;
}
