import type { CustodyParty, RecordMode } from '../../shared/contract/index.ts';

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** The station's local UTC offset at an instant, as +01:00: papers are read where the station is. */
export function utcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  return `${minutes >= 0 ? '+' : '-'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** 2026-03-14 09:12:05 (UTC+01:00): local time with its offset, so a reader elsewhere can convert. */
export function formatInstant(iso: string | null | undefined, withOffset = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withOffset ? `${text} (UTC${utcOffset(d)})` : text;
}

/** The local calendar day [start, end) as ISO instants: a "daily" log follows the site's clock, not UTC's. */
export function localDayRange(from: string, to: string = from): { startIso: string; endIso: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return { startIso: new Date(fy, fm - 1, fd).toISOString(), endIso: new Date(ty, tm - 1, td + 1).toISOString() };
}

export const MODE_LABEL: Record<RecordMode, string> = { live: 'Live', demo: 'DEMO (simulated devices)', drill: 'DRILL (exercise)' };

export function yesNo(value: boolean | null | undefined): string {
  if (value === null || value === undefined) return 'Not recorded';
  return value ? 'Yes' : 'No';
}

/** A custody party in words a responder can check against a badge or a place. */
export function partyText(party: CustodyParty): string {
  switch (party.kind) {
    case 'operator':
      return party.name;
    case 'external':
      return `${party.name}, ${party.agency} (badge ${party.badgeNumber})`;
    case 'place':
      return party.name;
    case 'station':
      return `${party.name} (another station of the site)`;
  }
}
