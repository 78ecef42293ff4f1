import { describe, expect, it } from "vitest";
import type { LearnerUsage, UsageDay } from "../../api/classes-api";
import { chartGeometry, niceCeiling } from "./chart-geometry";
import { formatMoney, lastDays } from "./format-usage";
import { nextSort, sortLearners } from "./sort-learners";

const learner = (username: string, over: Partial<LearnerUsage> = {}): LearnerUsage => ({
  userId: `u-${username}`,
  username,
  messages: 0,
  tokensIn: 0,
  tokensOut: 0,
  cost: 0,
  lastActive: null,
  suspended: false,
  dailyQuotaOverride: null,
  ...over,
});

describe("sortLearners", () => {
  const rows = [
    learner("cleo", {
      messages: 5,
      tokensIn: 10,
      tokensOut: 90,
      cost: 0.02,
      lastActive: "2026-12-01T10:00:00Z",
    }),
    learner("Ada", { messages: 9, tokensIn: 50, tokensOut: 10, cost: 0.05, lastActive: null }),
    learner("bo", {
      messages: 5,
      tokensIn: 1,
      tokensOut: 1,
      cost: 0.01,
      lastActive: "2026-12-02T08:00:00Z",
    }),
  ];
  const names = (sorted: LearnerUsage[]) => sorted.map((l) => l.username);

  it("sorts by each column, breaking ties by name", () => {
    expect(names(sortLearners(rows, { key: "messages", direction: "descending" }))).toEqual([
      "Ada",
      "bo",
      "cleo",
    ]);
    expect(names(sortLearners(rows, { key: "tokens", direction: "descending" }))).toEqual([
      "cleo",
      "Ada",
      "bo",
    ]);
    expect(names(sortLearners(rows, { key: "cost", direction: "ascending" }))).toEqual([
      "bo",
      "cleo",
      "Ada",
    ]);
    expect(names(sortLearners(rows, { key: "lastActive", direction: "descending" }))).toEqual([
      "bo",
      "cleo",
      "Ada",
    ]);
    expect(names(sortLearners(rows, { key: "username", direction: "ascending" }))).toEqual([
      "Ada",
      "bo",
      "cleo",
    ]);
  });

  it("flips the sorted column and starts another with its largest values", () => {
    expect(nextSort({ key: "cost", direction: "descending" }, "cost")).toEqual({
      key: "cost",
      direction: "ascending",
    });
    expect(nextSort({ key: "cost", direction: "ascending" }, "messages")).toEqual({
      key: "messages",
      direction: "descending",
    });
    expect(nextSort({ key: "cost", direction: "ascending" }, "username")).toEqual({
      key: "username",
      direction: "ascending",
    });
  });
});

describe("chartGeometry", () => {
  const day = (date: string, messages: number): UsageDay => ({
    date,
    messages,
    tokensIn: 0,
    tokensOut: 0,
    activeLearners: 0,
    cost: 0,
  });

  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 0.7, 3, 7, 10, 11, 260].map(niceCeiling)).toEqual([1, 1, 5, 10, 10, 20, 500]);
  });

  it("scales bars to the plot, the tallest at the axis's top share, empty days flat", () => {
    const g = chartGeometry(
      [day("d1", 0), day("d2", 5), day("d3", 10)],
      (d) => d.messages,
      300,
      100,
    );
    expect(g.max).toBe(10);
    expect(g.bars.map((b) => b.height)).toEqual([0, 50, 100]);
    expect(g.bars.map((b) => b.y)).toEqual([100, 50, 0]);
    expect(g.bars[1]?.x).toBeCloseTo(100 + 15);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 5, 10]);
  });
});

describe("format", () => {
  it("shows fractions of a cent for small sums and the last N UTC days", () => {
    expect(formatMoney(0.0123, "USD")).toMatch(/0\.0123/);
    expect(formatMoney(12.5, "USD")).toMatch(/12\.50/);
    expect(formatMoney(1, "XXQ")).toMatch(/1\.00/);
    expect(lastDays(new Date("2026-12-03T01:00:00Z"), 30)).toEqual({
      from: "2026-11-04",
      to: "2026-12-03",
    });
  });
});
