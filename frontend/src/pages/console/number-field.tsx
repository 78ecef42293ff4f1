import type { ReactElement } from "react";
import { TextField } from "../../components/text-field";

export interface NumberFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  step?: string;
  min?: number;
  hint?: string;
  error?: string;
}

/** A labelled numeric input in the app's field style; empty means "no limit" where allowed. */
export function NumberField({ step = "1", min = 0, ...field }: NumberFieldProps): ReactElement {
  return (
    <TextField
      {...field}
      type="number"
      step={step}
      min={min}
      inputMode={step === "1" ? "numeric" : "decimal"}
    />
  );
}

/** "" → null (no limit); a non-negative number → itself; anything else → undefined (invalid). */
export function parseLimit(text: string, integer: boolean): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (integer && !Number.isInteger(value)) return undefined;
  return value;
}
