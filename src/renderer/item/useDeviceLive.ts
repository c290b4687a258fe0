import { useEffect, useRef } from 'react';
import type { CabinetStatus, ScaleReading } from '../../shared/contract/index.ts';
import { useStation } from '../station/index.ts';

type LiveReport = ScaleReading | CabinetStatus;

/** The newer of two device reports; a report that came while device.live was in flight wins a tie. */
export function newerReport<T extends LiveReport>(known: T | null, candidate: T | null): T | null {
  if (candidate === null) return known;
  if (known === null) return candidate;
  return Date.parse(candidate.at) > Date.parse(known.at) ? candidate : known;
}

/** The newest report in a list (several scales or cabinets): the one the operator is working with. */
export function latestReport<T extends LiveReport>(reports: readonly T[]): T | null {
  return reports.reduce<T | null>((best, report) => newerReport(best, report), null);
}

/**
 * On mount, what the devices reported last (device.live), so a screen opened between two reports
 * shows the last state instead of "no report yet". `take` merges it with whatever the events
 * brought meanwhile; a refusal leaves the screen waiting for the next event, as before.
 */
export function useDeviceLiveOnMount(take: (live: { scales: ScaleReading[]; cabinets: CabinetStatus[] }) => void): void {
  const station = useStation();
  const latest = useRef(take);
  useEffect(() => {
    latest.current = take;
  });
  useEffect(() => {
    let cancelled = false;
    station.call('device.live', {}).then(
      (live) => {
        if (!cancelled) latest.current(live);
      },
      (caught: unknown) => console.warn('The last device reports could not be read', caught),
    );
    return () => {
      cancelled = true;
    };
  }, [station]);
}
