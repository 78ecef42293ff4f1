import { useCallback, useEffect, useState } from "react";

export type Loaded<T> =
  { status: "loading" } | { status: "failed"; error: unknown } | { status: "ready"; value: T };

/**
 * Runs `load` when its dependencies change (the caller memoises it) and on `reload()`;
 * an answer that arrives after a newer request started is dropped.
 */
export function useAsync<T>(load: () => Promise<T>): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (current) setState({ status: "ready", value });
      },
      (error: unknown) => {
        if (current) setState({ status: "failed", error });
      },
    );
    return () => {
      current = false;
    };
  }, [load, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { state, reload };
}
