import type { ReactElement } from "react";

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "password" | "number";
  autoComplete?: string;
  /** For type "number". */
  min?: number;
  step?: string;
  inputMode?: "numeric" | "decimal";
  error?: string;
  hint?: string;
}

/** A labelled input whose error is tied to it for screen readers. */
export function TextField({
  id,
  label,
  value,
  onChange,
  type = "text",
  autoComplete,
  min,
  step,
  inputMode,
  error,
  hint,
}: TextFieldProps): ReactElement {
  const describedBy =
    error !== undefined ? `${id}-error` : hint !== undefined ? `${id}-hint` : undefined;
  return (
    <div className={`field${error !== undefined ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        inputMode={inputMode}
        min={min}
        step={step}
        value={value}
        autoComplete={autoComplete}
        autoCapitalize="none"
        spellCheck={false}
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
