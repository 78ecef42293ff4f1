// The Markdown pipeline (marked, DOMPurify) and highlight.js are most of the chat's JavaScript, and neither is
// needed to show the chat: each loads on first use — the renderer when the first message is shown, the highlighter
// on the first code block — and what was shown before re-renders once it is in (plain text, or plain code).

/** A module fetched once, on first use, whose arrival subscribers hear about. */
export interface OnDemand<T> {
  /** The module if loaded; else undefined, and the load starts. */
  get: () => T | undefined;
  load: () => Promise<T>;
  /** For useSyncExternalStore: changes when the module arrives. */
  version: () => number;
  subscribe: (listener: () => void) => () => void;
}

export function onDemand<T>(importer: () => Promise<T>): OnDemand<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  let version = 0;
  const listeners = new Set<() => void>();
  const load = (): Promise<T> => {
    loading ??= importer().then((module) => {
      loaded = module;
      version += 1;
      for (const listener of listeners) listener();
      return module;
    });
    return loading;
  };
  return {
    get: () => {
      if (loaded === undefined) void load();
      return loaded;
    },
    load,
    version: () => version,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const highlighter = onDemand(() => import("./highlight"));
export const markdownRenderer = onDemand(() => import("./render-markdown"));

/** Highlighted HTML once the highlighter is loaded; until then null (the caller escapes), and the load starts. */
export function highlightIfLoaded(code: string, language: string | undefined): string | null {
  if (language === undefined) return null;
  return highlighter.get()?.highlightCode(code, language) ?? null;
}
