import { useEffect, useState, type ReactElement } from "react";
import { CheckIcon, CopyIcon } from "./icons";

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // No clipboard permission (insecure origin, denied): the button says so.
  }
}

export function CopyButton({ text, label }: { text: string; label: string }): ReactElement {
  const [result, setResult] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (result === "idle") return;
    const timer = setTimeout(() => setResult("idle"), 2000);
    return () => clearTimeout(timer);
  }, [result]);
  return (
    <button
      type="button"
      className="icon-button small"
      aria-label={result === "copied" ? "Copied" : label}
      title={result === "failed" ? "Copy failed: select the text instead" : label}
      onClick={() => {
        void copyText(text).then((ok) => setResult(ok ? "copied" : "failed"));
      }}
    >
      {result === "copied" ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
