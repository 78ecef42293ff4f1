import { useState } from "react";
import { describeConsoleError } from "./console-errors";

/**
 * A console form's request: `busy` while it runs (its buttons disabled), its failure as words in `error`, and
 * `onDone` with the answer when it succeeds.
 */
export function useConsoleAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = <T>(action: () => Promise<T>, onDone: (result: T) => void = () => undefined) => {
    setBusy(true);
    setError(null);
    action().then(
      (result) => {
        setBusy(false);
        onDone(result);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(describeConsoleError(failure));
      },
    );
  };
  return { busy, error, setError, run };
}
