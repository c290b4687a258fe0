/** Calendar dates as the contract carries them (2026-03-14), for periods and date fields. */

/** The operator's calendar date of a moment (the kiosk's local day, not UTC). */
export function localIsoDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The date `days` after (or before, when negative) a calendar date. */
export function shiftIsoDate(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00.000Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`));
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "14 Mar" for an axis tick. */
export function formatShortDate(date: string): string {
  return dayFormat.format(new Date(`${date}T00:00:00.000Z`));
}

/** "Sat, 14 Mar 2026" for a table row or a period. */
export function formatLongDate(date: string): string {
  return longDayFormat.format(new Date(`${date}T00:00:00.000Z`));
}
