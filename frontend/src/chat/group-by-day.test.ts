import { describe, expect, it } from "vitest";
import type { Session } from "../api/types";
import { groupSessionsByDay } from "./group-by-day";

const session = (id: string, updatedAt: string): Session => ({
  id,
  title: id,
  createdAt: updatedAt,
  updatedAt,
});

describe("groupSessionsByDay", () => {
  it("groups newest first under Today, Yesterday and dated labels", () => {
    const now = new Date(2026, 10, 24, 15, 0);
    const at = (day: number, hour: number) => new Date(2026, 10, day, hour).toISOString();
    const groups = groupSessionsByDay(
      [
        session("old", at(20, 9)),
        session("last-year", new Date(2025, 0, 5).toISOString()),
        session("today-early", at(24, 8)),
        session("yday", at(23, 22)),
        session("today-late", at(24, 14)),
      ],
      now,
      "en-GB",
    );
    expect(groups.map((g) => [g.label, g.sessions.map((s) => s.id)])).toEqual([
      ["Today", ["today-late", "today-early"]],
      ["Yesterday", ["yday"]],
      ["Friday 20 November", ["old"]],
      ["5 January 2025", ["last-year"]],
    ]);
  });
});
