import type { ReactElement } from "react";
import { useServices } from "../../app/services-context";
import type { DateRange } from "../../api/classes-api";
import { useConsoleAction } from "./use-console-action";
import { downloadText } from "../../components/download-file";

/** Fetches /usage.csv with the Bearer token (a plain link could not send it) and saves it. */
export function CsvExportButton({
  classId,
  range,
}: {
  classId: string;
  range: DateRange;
}): ReactElement {
  const { classesApi } = useServices();
  const { busy, error, run } = useConsoleAction();
  return (
    <span className="csv-export">
      <button
        type="button"
        className="button secondary small"
        disabled={busy}
        onClick={() =>
          run(
            () => classesApi.usageCsv(classId, range),
            (text) =>
              downloadText(
                text,
                `ibal-usage-${classId}-${range.from}-${range.to}.csv`,
                "text/csv;charset=utf-8",
              ),
          )
        }
      >
        {busy ? "Preparing CSV…" : "Export CSV"}
      </button>
      {error !== null && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
