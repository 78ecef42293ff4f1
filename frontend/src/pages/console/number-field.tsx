import type { ReactElement } from "react";

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
export function NumberField({
  id,
  label,
  value,
  onChange,
  step = "1",
  min = 0,
  hint,
  error,
}: NumberFieldProps): ReactElement {
  const describedBy =
    error !== undefined ? `${id}-error` : hint !== undefined ? `${id}-hint` : undefined;
  return (
    <div className={`field${error !== undefined ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="number"
        inputMode={step === "1" ? "numeric" : "decimal"}
        min={min}
        step={step}
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint !== undefined && error === undefined && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
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
