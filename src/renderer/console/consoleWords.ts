import type { ConsoleStation } from '../../shared/contract/index.ts';

/** How long ago the site last heard a station, in words a security officer reads at a glance. */
export function heardWords(heardAt: string | null, now: Date): string {
  if (heardAt === null) return 'never';
  const at = new Date(heardAt);
  if (Number.isNaN(at.getTime())) return heardAt;
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export type StationHealth = 'alarm' | 'held' | 'behind' | 'current';

/** What the station's card leads with: an alarm first, then views that stopped, then views catching up. */
export function stationHealth(station: ConsoleStation): StationHealth {
  if (station.alarmCount > 0) return 'alarm';
  if (station.held !== null) return 'held';
  if (station.projectedSeq < station.siteSeq) return 'behind';
  return 'current';
}

export const HEALTH_WORDS: Readonly<Record<StationHealth, string>> = {
  alarm: '⚠ Chain alarm',
  held: '⚠ Views stopped',
  behind: 'Views catching up',
  current: '✓ Up to date',
};

/** The site's views against the site's copy of the chain: how many events are not in them yet. */
export function lagWords(station: ConsoleStation): string {
  const behind = station.siteSeq - station.projectedSeq;
  if (station.siteSeq === 0) return 'nothing published yet';
  if (behind <= 0) return `all ${station.siteSeq.toLocaleString('en')} events`;
  return `${behind.toLocaleString('en')} event${behind === 1 ? '' : 's'} not in the views yet (is site project --follow running?)`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A code the station recorded (an incident type, an item state) in the station's words; an unknown one as it came. */
export function wordsFor(names: Readonly<Record<string, string>>, code: string | null): string {
  if (code === null) return '—';
  return Object.hasOwn(names, code) ? names[code]! : code;
}
