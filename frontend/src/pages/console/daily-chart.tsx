import { useState, type ReactElement } from "react";
import type { UsageDay } from "../../api/classes-api";
import { chartGeometry } from "./chart-geometry";
import { formatCount, formatMoney } from "./format-usage";

type Metric = "messages" | "cost" | "activeLearners";
const METRICS: { key: Metric; label: string }[] = [
  { key: "messages", label: "Messages" },
  { key: "cost", label: "Cost" },
  { key: "activeLearners", label: "Active learners" },
];

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 56;
const BOTTOM = 22;

/**
 * Bars per day as inline SVG (no charting library: the bundle budget stands). The same
 * numbers are in a visually hidden table for screen readers.
 */
export function DailyChart({
  days,
  currency,
}: {
  days: UsageDay[];
  currency: string;
}): ReactElement {
  const [metric, setMetric] = useState<Metric>("messages");
  const format = (value: number) =>
    metric === "cost" ? formatMoney(value, currency) : formatCount(value);
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - BOTTOM - 8;
  const geometry = chartGeometry(days, (d) => d[metric], plotWidth, plotHeight);
  const label = METRICS.find((m) => m.key === metric)?.label ?? metric;
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));

  return (
    <figure className="daily-chart">
      <div className="range-picker" role="group" aria-label="Chart shows">
        {METRICS.map((m) => (
          <button
            key={m.key}
            type="button"
            className={`chip${m.key === metric ? " selected" : ""}`}
            aria-pressed={m.key === metric}
            onClick={() => setMetric(m.key)}
          >
            {m.label}
          </button>
        ))}
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${label} per day`}
        data-testid="daily-chart"
        preserveAspectRatio="none"
      >
        <g transform={`translate(${LEFT} 8)`}>
          {geometry.ticks.map((tick) => (
            <g key={tick.value} className="chart-tick">
              <line x1={0} x2={plotWidth} y1={tick.y} y2={tick.y} />
              <text x={-6} y={tick.y} dy="0.32em" textAnchor="end">
                {format(tick.value)}
              </text>
            </g>
          ))}
          {geometry.bars.map((bar, i) => (
            <g key={bar.date}>
              <rect
                className="chart-bar"
                data-value={bar.value}
                x={bar.x}
                y={bar.y}
                width={bar.width}
                height={bar.height}
              >
                <title>{`${bar.date}: ${format(bar.value)}`}</title>
              </rect>
              {i % labelEvery === 0 && (
                <text
                  className="chart-date"
                  x={bar.x + bar.width / 2}
                  y={plotHeight + 14}
                  textAnchor="middle"
                >
                  {bar.date.slice(5)}
                </text>
              )}
            </g>
          ))}
        </g>
      </svg>
      <table className="visually-hidden">
        <caption>{label} per day</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">{label}</th>
          </tr>
        </thead>
        <tbody>
          {geometry.bars.map((bar) => (
            <tr key={bar.date}>
              <td>{bar.date}</td>
              <td>{format(bar.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
