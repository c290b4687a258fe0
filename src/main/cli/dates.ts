import { localDayRange } from '../reports/index.ts';
import { UsageError } from './output.ts';

/**
 * Every date the CLI takes (report daily --date, export and search --from/--to) is read here, as a
 * calendar date: 2026-02-30 is refused, never rolled over to March 2 by Date's arithmetic.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function daysIn(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC so no zone can shift it.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function refuse(option: string, text: string, form = 'YYYY-MM-DD, a day of the calendar'): never {
  throw new UsageError(`${option} ${JSON.stringify(text)} is not a date: give it as ${form}, e.g. 2026-03-14`);
}

/** A calendar day as typed (YYYY-MM-DD, month 01-12, a day that month has), or a one-line refusal naming the option. */
export function calendarDay(option: string, text: string): string {
  const match = DAY.exec(text.trim());
  if (!match) refuse(option, text);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) refuse(option, text);
  return match[0];
}

/** `--from` and `--to` of a command as a period of whole local days, both included, in order. */
export function dayPeriod(command: string, from: string, to: string): { from: string; to: string } {
  const period = { from: calendarDay(`${command}: --from`, from), to: calendarDay(`${command}: --to`, to) };
  if (period.from > period.to) throw new UsageError(`${command}: --from ${period.from} is after --to ${period.to}`);
  return period;
}

/**
 * A bound of a search: a day (the start of that local day for --from, its end for --to, as the
 * reports and exports read a day) or an instant with its zone (2026-03-14T09:30:00Z). Returned as
 * an ISO instant, the form the search compares.
 */
export function searchBound(option: string, text: string, end: boolean): string {
  const trimmed = text.trim();
  const instant = INSTANT.exec(trimmed);
  if (!instant) {
    if (!DAY.test(trimmed)) refuse(option, text, 'YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z');
    const day = calendarDay(option, trimmed);
    const range = localDayRange(day);
    return end ? range.endIso : range.startIso;
  }
  const form = 'YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (hours 00-23, minutes and seconds 00-59)';
  calendarDay(option, instant[1]!);
  const [hours, minutes, seconds] = [Number(instant[2]), Number(instant[3]), Number(instant[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) refuse(option, text, form);
  const zone = instant[5]!;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4)) > 59)) refuse(option, text, form);
  const parsed = new Date(trimmed);
  if (Number.isNaN(parsed.getTime())) refuse(option, text, form);
  return parsed.toISOString();
}
