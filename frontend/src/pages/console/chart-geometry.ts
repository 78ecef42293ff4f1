import type { UsageDay } from "../../api/classes-api";

export interface Bar {
  date: string;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface ChartGeometry {
  bars: Bar[];
  /** Values of the horizontal grid lines, from 0 to the axis's top. */
  ticks: { value: number; y: number }[];
  max: number;
}

/** A "nice" axis top at or above `value`: 1, 2, 5 × 10ⁿ. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/**
 * Bars for one metric per day inside a `width` × `height` plot area: pure numbers, so the
 * SVG component only draws and the scaling is unit-tested.
 */
export function chartGeometry(
  days: UsageDay[],
  metric: (day: UsageDay) => number,
  width: number,
  height: number,
): ChartGeometry {
  const values = days.map(metric);
  const max = niceCeiling(Math.max(0, ...values));
  const slot = days.length === 0 ? width : width / days.length;
  const barWidth = Math.max(1, slot * 0.7);
  const bars = days.map((day, i) => {
    const value = values[i] ?? 0;
    const barHeight = (value / max) * height;
    return {
      date: day.date,
      x: i * slot + (slot - barWidth) / 2,
      y: height - barHeight,
      width: barWidth,
      height: barHeight,
      value,
    };
  });
  const ticks = [0, 0.5, 1].map((f) => ({ value: max * f, y: height - f * height }));
  return { bars, ticks, max };
}
