import { useState, type ReactElement, type SyntheticEvent } from "react";
import { useServices } from "../../app/services-context";
import type { ClassUsage } from "../../api/classes-api";
import { useConsoleAction } from "./use-console-action";
import { formatMoney } from "./format-usage";
import { NumberField, parseLimit } from "./number-field";

const asText = (value: number | null) => (value === null ? "" : String(value));

/** The class's monthly budget and daily message quota; empty means no limit. */
export function BudgetForm({
  classId,
  budget,
  currency,
  onSaved,
}: {
  classId: string;
  budget: ClassUsage["budget"];
  currency: string;
  onSaved: () => void;
}): ReactElement {
  const { classesApi } = useServices();
  const [monthly, setMonthly] = useState(asText(budget.monthlyBudget));
  const [daily, setDaily] = useState(asText(budget.dailyMessageQuota));
  const { busy, error, setError, run } = useConsoleAction();
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const monthlyBudget = parseLimit(monthly, false);
    const dailyMessageQuota = parseLimit(daily, true);
    if (monthlyBudget === undefined || dailyMessageQuota === undefined) {
      setError("The budget is an amount, the quota a whole number of messages; empty for none.");
      return;
    }
    setSaved(false);
    run(
      () => classesApi.update(classId, { monthlyBudget, dailyMessageQuota }),
      () => {
        setSaved(true);
        onSaved();
      },
    );
  };

  return (
    <section className="console-card" aria-labelledby="limits-h">
      <h2 id="limits-h">Limits</h2>
      <p className="quiet">
        When the class reaches its monthly budget or today's message quota, learners are told "Your
        class has used its budget" and no new question reaches the model. Spent this month:{" "}
        {formatMoney(budget.spentThisMonth, currency)}.
      </p>
      <form className="console-form two-columns" onSubmit={onSubmit} noValidate>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <NumberField
          id="limit-budget"
          label={`Monthly budget (${currency})`}
          value={monthly}
          onChange={setMonthly}
          step="0.01"
          hint="Empty: no budget."
        />
        <NumberField
          id="limit-quota"
          label="Daily messages for the class"
          value={daily}
          onChange={setDaily}
          hint="Empty: no class quota (each learner's own quota still applies)."
        />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Saving…" : "Save limits"}
          </button>
          {saved && (
            <span className="quiet" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
