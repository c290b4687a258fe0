import { useEffect, useState } from 'react';
import type { DeviceStatus, ScaleReading } from '../../shared/contract/index.ts';
import { useNow } from '../hooks/index.ts';
import { useStation, useStationEvent } from '../station/index.ts';
import { latestReport, newerReport, useDeviceLiveOnMount } from './useDeviceLive.ts';

/** The station refuses a reading older than this (screeningService READING_MAX_AGE_MS): so does the screen. */
const FRESH_MS = 5_000;

function upsert(statuses: readonly DeviceStatus[], status: DeviceStatus): DeviceStatus[] {
  if (status.deviceClass !== 'scale') return [...statuses];
  return [...statuses.filter((known) => known.deviceId !== status.deviceId), status];
}

/**
 * The latest reading any scale reported (the last one the station holds on mount, then each new
 * one), whether it is recent enough to capture, and the status of that scale (or of the first
 * scale when none has reported): what the scale answered when it gives no weight ("the scale
 * answered EL — logical error: …"), so the weigh step can say it where the operator looks.
 */
export function useScaleReading() {
  const station = useStation();
  const [reading, setReading] = useState<ScaleReading | null>(null);
  const [statuses, setStatuses] = useState<DeviceStatus[]>([]);
  const now = useNow(1000);
  useDeviceLiveOnMount(({ scales }) => setReading((known) => newerReport(known, latestReport(scales))));
  useStationEvent('scale.reading', setReading);
  useEffect(() => {
    let cancelled = false;
    station.call('device.list', {}).then(
      ({ devices }) => {
        // An event that came meanwhile is newer than the list.
        if (!cancelled) setStatuses((known) => devices.filter((device) => device.deviceClass === 'scale' && !known.some((k) => k.deviceId === device.deviceId)).concat(known));
      },
      (caught: unknown) => console.warn('The scales’ status could not be read', caught),
    );
    return () => {
      cancelled = true;
    };
  }, [station]);
  useStationEvent('device.status', (status) => setStatuses((known) => upsert(known, status)));
  const fresh = reading !== null && now - Date.parse(reading.at) <= FRESH_MS;
  const scaleStatus = statuses.find((status) => status.deviceId === reading?.deviceId) ?? statuses[0] ?? null;
  return { reading, fresh, scaleStatus };
}
