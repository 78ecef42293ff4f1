/** Money with enough digits for the fractions of a cent one chat turn costs. */
export function formatMoney(amount: number, currency: string): string {
  const digits = Math.abs(amount) > 0 && Math.abs(amount) < 1 ? 4 : 2;
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    // An operator's currency code the browser does not know.
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat().format(value);
}

/** `YYYY-MM-DD` of a UTC day, `daysBack` days before `now`. */
export function utcDate(now: Date, daysBack = 0): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - daysBack);
  return day.toISOString().slice(0, 10);
}

/** The inclusive range of the last `days` UTC days, today included. */
export function lastDays(now: Date, days: number): { from: string; to: string } {
  return { from: utcDate(now, days - 1), to: utcDate(now) };
}

export function formatLastActive(iso: string | null): string {
  if (iso === null) return "Never";
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? "—"
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
