import { useCallback, useEffect, useRef, useState } from "react";
import type { HttpErrorCode } from "../api/api-error";
import { ApiError } from "../api/api-error";
import type { SessionsApi } from "../api/sessions-api";
import type { Session } from "../api/types";

export interface SessionsState {
  items: Session[];
  nextCursor: string | null;
  loading: boolean;
  error: HttpErrorCode | null;
}

export interface SessionsController extends SessionsState {
  refresh: () => void;
  loadMore: () => void;
  rename: (id: string, title: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
}

const codeOf = (error: unknown): HttpErrorCode =>
  error instanceof ApiError ? error.code : "internal";

/** Merges a fresh first page with pages loaded further down, newest first, no duplicates. */
function mergeFirstPage(fresh: Session[], previous: Session[]): Session[] {
  const seen = new Set(fresh.map((s) => s.id));
  return [...fresh, ...previous.filter((s) => !seen.has(s.id))];
}

/** The sidebar's list of conversations, paginated with the API's cursor. */
export function useSessions(api: SessionsApi): SessionsController {
  const [state, setState] = useState<SessionsState>({
    items: [],
    nextCursor: null,
    loading: true,
    error: null,
  });
  const firstPageLoaded = useRef(false);

  // State changes only in the callbacks, so the mount effect can call it directly.
  const fetchFirstPage = useCallback(() => {
    api.list(null).then(
      (page) => {
        setState((s) => ({
          items: mergeFirstPage(page.items, s.items),
          nextCursor: firstPageLoaded.current ? s.nextCursor : page.nextCursor,
          loading: false,
          error: null,
        }));
        firstPageLoaded.current = true;
      },
      (error: unknown) => {
        setState((s) => ({ ...s, loading: false, error: codeOf(error) }));
      },
    );
  }, [api]);

  useEffect(fetchFirstPage, [fetchFirstPage]);

  // Quiet when the list is showing: a reply finishing must not flash "Loading".
  const refresh = useCallback(() => {
    setState((s) => ({ ...s, loading: s.items.length === 0, error: null }));
    fetchFirstPage();
  }, [fetchFirstPage]);

  const cursor = state.nextCursor;
  const loadMore = useCallback(() => {
    if (cursor === null) return;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.list(cursor).then(
      (page) => {
        setState((s) => {
          const seen = new Set(s.items.map((i) => i.id));
          return {
            items: [...s.items, ...page.items.filter((i) => !seen.has(i.id))],
            nextCursor: page.nextCursor,
            loading: false,
            error: null,
          };
        });
      },
      (error: unknown) => {
        setState((s) => ({ ...s, loading: false, error: codeOf(error) }));
      },
    );
  }, [api, cursor]);

  const rename = useCallback(
    async (id: string, title: string) => {
      const updated = await api.rename(id, title);
      setState((s) => ({
        ...s,
        items: s.items.map((i) => (i.id === id ? { ...i, ...updated } : i)),
      }));
    },
    [api],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await api.remove(id);
      } catch (error) {
        // Already gone is what the learner wanted.
        if (!(error instanceof ApiError && error.code === "not_found")) throw error;
      }
      setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
    },
    [api],
  );

  return { ...state, refresh, loadMore, rename, remove };
}
