import type { ReactElement } from "react";
import type { ClassUsage } from "../../api/classes-api";
import { formatCount, formatMoney } from "./format-usage";

export function UsageTotals({ usage }: { usage: ClassUsage }): ReactElement {
  const { totals, budget, currency } = usage;
  const money = (amount: number) => formatMoney(amount, currency);
  const stats: [string, string, string?][] = [
    ["Messages", formatCount(totals.messages)],
    ["Active learners", formatCount(totals.activeLearners)],
    ["Tokens in / out", `${formatCount(totals.tokensIn)} / ${formatCount(totals.tokensOut)}`],
    [
      "Estimated cost",
      money(totals.cost.total),
      `model ${money(totals.cost.model)} + infrastructure ${money(totals.cost.infra)}`,
    ],
    [
      "Spent this month",
      money(budget.spentThisMonth),
      budget.monthlyBudget === null ? "no monthly budget" : `of ${money(budget.monthlyBudget)}`,
    ],
  ];
  return (
    <section aria-labelledby="totals-h">
      <h2 id="totals-h" className="visually-hidden">
        Totals
      </h2>
      <dl className="usage-totals">
        {stats.map(([label, value, detail]) => (
          <div key={label} className="stat">
            <dt>{label}</dt>
            <dd>
              <span className="stat-value">{value}</span>
              {detail !== undefined && <span className="stat-detail quiet">{detail}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {usage.estimated && (
        <p className="quiet small-print">
          Some token counts are estimates (characters ÷ 4): the model provider did not report usage
          for every reply.
        </p>
      )}
    </section>
  );
}
