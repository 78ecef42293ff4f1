import { useCallback, useMemo, useState, type ReactElement } from "react";
import { useServices } from "../../app/services-context";
import type { ClassInfo } from "../../api/classes-api";
import { BudgetForm } from "./budget-form";
import { describeConsoleError } from "./console-errors";
import { CsvExportButton } from "./csv-export-button";
import { DailyChart } from "./daily-chart";
import { lastDays } from "./format-usage";
import { InvitesPanel } from "./invites-panel";
import { LearnerTable } from "./learner-table";
import { UsageTotals } from "./usage-totals";
import { useAsync } from "./use-async";

const RANGES = [7, 30, 90] as const;

export function ClassDetail({
  classId,
  classInfo,
  onChanged,
}: {
  classId: string;
  classInfo: ClassInfo | null;
  onChanged: () => void;
}): ReactElement {
  const { classesApi } = useServices();
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const range = useMemo(() => lastDays(new Date(), days), [days]);
  const { state, reload } = useAsync(
    useCallback(() => classesApi.usage(classId, range), [classesApi, classId, range]),
  );

  return (
    <div className="class-detail">
      <div className="class-head">
        <h1>{classInfo?.name ?? "Class"}</h1>
        <div className="range-picker" role="group" aria-label="Period">
          {RANGES.map((n) => (
            <button
              key={n}
              type="button"
              className={`chip${n === days ? " selected" : ""}`}
              aria-pressed={n === days}
              onClick={() => setDays(n)}
            >
              {n} days
            </button>
          ))}
        </div>
      </div>
      {state.status === "loading" && (
        <p className="quiet" role="status">
          Loading usage…
        </p>
      )}
      {state.status === "failed" && (
        <p className="form-error" role="alert">
          {describeConsoleError(state.error)}{" "}
          <button type="button" className="text-button" onClick={reload}>
            Retry
          </button>
        </p>
      )}
      {state.status === "ready" && (
        <>
          <UsageTotals usage={state.value} />
          <section className="console-card" aria-labelledby="chart-h">
            <div className="card-head">
              <h2 id="chart-h">Per day</h2>
              <CsvExportButton classId={classId} range={range} />
            </div>
            <DailyChart days={state.value.days} currency={state.value.currency} />
          </section>
          <section className="console-card" aria-labelledby="learners-h">
            <h2 id="learners-h">Learners</h2>
            <LearnerTable
              classId={classId}
              learners={state.value.learners}
              currency={state.value.currency}
              onChanged={reload}
            />
          </section>
          <BudgetForm
            classId={classId}
            budget={state.value.budget}
            currency={state.value.currency}
            onSaved={() => {
              reload();
              onChanged();
            }}
          />
        </>
      )}
      <InvitesPanel classId={classId} />
    </div>
  );
}
