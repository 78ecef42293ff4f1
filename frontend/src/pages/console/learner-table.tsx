import { Fragment, useState, type ReactElement } from "react";
import type { LearnerUsage } from "../../api/classes-api";
import { formatCount, formatLastActive, formatMoney } from "./format-usage";
import { LearnerActions } from "./learner-actions";
import { nextSort, sortLearners, type LearnerSort, type LearnerSortKey } from "./sort-learners";

const COLUMNS: { key: LearnerSortKey; label: string; numeric: boolean }[] = [
  { key: "username", label: "Learner", numeric: false },
  { key: "messages", label: "Messages", numeric: true },
  { key: "tokens", label: "Tokens", numeric: true },
  { key: "cost", label: "Cost", numeric: true },
  { key: "lastActive", label: "Last active", numeric: false },
];

/**
 * Sortable by clicking (or Enter/Space on) a column's header button; `aria-sort` tells
 * screen readers which column and which way. Each row opens that learner's controls.
 */
export function LearnerTable({
  classId,
  learners,
  currency,
  onChanged,
}: {
  classId: string;
  learners: LearnerUsage[];
  currency: string;
  onChanged: () => void;
}): ReactElement {
  const [sort, setSort] = useState<LearnerSort>({ key: "messages", direction: "descending" });
  const [open, setOpen] = useState<string | null>(null);
  if (learners.length === 0) {
    return <p className="quiet">No learner has joined yet. Share an invite below.</p>;
  }
  const rows = sortLearners(learners, sort);
  return (
    <div className="table-scroll">
      <table className="learner-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={column.numeric ? "numeric" : undefined}
                aria-sort={sort.key === column.key ? sort.direction : undefined}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => setSort(nextSort(sort, column.key))}
                >
                  {column.label}
                  <span aria-hidden="true" className="sort-mark">
                    {sort.key === column.key ? (sort.direction === "ascending" ? "▲" : "▼") : ""}
                  </span>
                </button>
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Controls</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((learner) => (
            <Fragment key={learner.userId}>
              <tr className={learner.suspended ? "suspended" : undefined}>
                <th scope="row">
                  {learner.username}
                  {learner.suspended && <span className="chip small danger">suspended</span>}
                  {learner.dailyQuotaOverride !== null && (
                    <span className="chip small">{learner.dailyQuotaOverride}/day</span>
                  )}
                </th>
                <td className="numeric">{formatCount(learner.messages)}</td>
                <td className="numeric">{formatCount(learner.tokensIn + learner.tokensOut)}</td>
                <td className="numeric">{formatMoney(learner.cost, currency)}</td>
                <td>{formatLastActive(learner.lastActive)}</td>
                <td>
                  <button
                    type="button"
                    className="button secondary small"
                    aria-expanded={open === learner.userId}
                    aria-controls={`learner-${learner.userId}`}
                    aria-label={`Manage ${learner.username}`}
                    onClick={() => setOpen(open === learner.userId ? null : learner.userId)}
                  >
                    Manage
                  </button>
                </td>
              </tr>
              {open === learner.userId && (
                <tr className="learner-actions-row">
                  <td colSpan={COLUMNS.length + 1} id={`learner-${learner.userId}`}>
                    <LearnerActions classId={classId} learner={learner} onChanged={onChanged} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
