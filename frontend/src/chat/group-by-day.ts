import type { Session } from "../api/types";

export interface DayGroup {
  label: string;
  sessions: Session[];
}

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** Sessions newest first, in groups labelled Today, Yesterday, then the date. */
export function groupSessionsByDay(sessions: Session[], now: Date, locale?: string): DayGroup[] {
  const sorted = [...sessions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const thisYear = new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
  });
  const otherYear = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  const groups: DayGroup[] = [];
  for (const session of sorted) {
    const date = new Date(session.updatedAt);
    const key = dayKey(date);
    const label =
      key === today
        ? "Today"
        : key === yesterday
          ? "Yesterday"
          : (date.getFullYear() === now.getFullYear() ? thisYear : otherYear).format(date);
    const last = groups.at(-1);
    if (last?.label === label) last.sessions.push(session);
    else groups.push({ label, sessions: [session] });
  }
  return groups;
}
