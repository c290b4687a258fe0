// Every date the CLI takes (report daily --date, export and search --from/--to) is read here, as a
// calendar date, by the contract's own IsoDate (what the screens send): 2026-02-30 is refused,
// never rolled over to March 2 by Date's arithmetic.
import { IsoDate } from '../../shared/contract/index.ts';
import { localDayRange } from '../reports/index.ts';
import { quoted, UsageError } from './output.ts';

const DAY_FORM = 'YYYY-MM-DD, a day of the calendar';
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function refuse(option: string, text: string, form: string): never {
  throw new UsageError(`${option} ${quoted(text)} is not a date: give it as ${form}, e.g. 2026-03-14`);
}

/** A calendar day as typed (YYYY-MM-DD, month 01-12, a day that month has), or a one-line refusal naming the option. */
export function calendarDay(option: string, text: string, form = DAY_FORM): string {
  const day = IsoDate.safeParse(text.trim());
  if (!day.success) refuse(option, text, form);
  return day.data;
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
  const form = 'YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (a day of the calendar; hours 00-23, minutes and seconds 00-59)';
  if (!instant) {
    const range = localDayRange(calendarDay(option, trimmed, form));
    return end ? range.endIso : range.startIso;
  }
  calendarDay(option, instant[1]!, form);
  const [hours, minutes, seconds] = [Number(instant[2]), Number(instant[3]), Number(instant[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) refuse(option, text, form);
  const zone = instant[5]!;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4)) > 59)) refuse(option, text, form);
  const parsed = new Date(trimmed);
  if (Number.isNaN(parsed.getTime())) refuse(option, text, form);
  return parsed.toISOString();
}
