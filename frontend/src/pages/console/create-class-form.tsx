import { useState, type ReactElement, type SyntheticEvent } from "react";
import { useServices } from "../../app/services-context";
import type { ClassInfo, NewClass } from "../../api/classes-api";
import { TextField } from "../../components/text-field";
import { useConsoleAction } from "./use-console-action";
import { NumberField, parseLimit } from "./number-field";

/** Folded away once there are classes, so a phone shows the class first. */
export function CreateClassForm({
  onCreated,
  startOpen,
}: {
  onCreated: (created: ClassInfo) => void;
  startOpen: boolean;
}): ReactElement {
  const { classesApi } = useServices();
  const [name, setName] = useState("");
  const [quota, setQuota] = useState("");
  const [budget, setBudget] = useState("");
  const { busy, error, setError, run } = useConsoleAction();

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const dailyMessageQuota = parseLimit(quota, true);
    const monthlyBudget = parseLimit(budget, false);
    if (name.trim() === "") return setError("Give the class a name.");
    if (dailyMessageQuota === undefined || monthlyBudget === undefined) {
      return setError("Limits are whole messages and an amount of money, or empty for none.");
    }
    const input: NewClass = { name: name.trim() };
    if (dailyMessageQuota !== null) input.dailyMessageQuota = dailyMessageQuota;
    if (monthlyBudget !== null) input.monthlyBudget = monthlyBudget;
    run(
      () => classesApi.create(input),
      (created) => {
        setName("");
        setQuota("");
        setBudget("");
        onCreated(created);
      },
    );
  };

  return (
    <details className="console-form new-class" open={startOpen}>
      <summary>
        <h2>New class</h2>
      </summary>
      <form onSubmit={onSubmit} noValidate aria-label="New class">
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <TextField id="class-name" label="Class name" value={name} onChange={setName} />
        <NumberField
          id="class-quota"
          label="Daily messages per class (optional)"
          value={quota}
          onChange={setQuota}
        />
        <NumberField
          id="class-budget"
          label="Monthly budget (optional)"
          value={budget}
          onChange={setBudget}
          step="0.01"
        />
        <button type="submit" className="button primary full" disabled={busy}>
          {busy ? "Creating…" : "Create class"}
        </button>
      </form>
    </details>
  );
}
