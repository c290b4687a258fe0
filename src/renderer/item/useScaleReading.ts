import { useState } from 'react';
import type { ScaleReading } from '../../shared/contract/index.ts';
import { useNow } from '../hooks/useNow.ts';
import { useStationEvent } from '../station/index.ts';
import { latestReport, newerReport, useDeviceLiveOnMount } from './useDeviceLive.ts';

/** The station refuses a reading older than this (screeningService READING_MAX_AGE_MS): so does the screen. */
const FRESH_MS = 5_000;

/**
 * The latest reading any scale reported (the last one the station holds on mount, then each new
 * one), and whether it is recent enough to capture.
 */
export function useScaleReading() {
  const [reading, setReading] = useState<ScaleReading | null>(null);
  const now = useNow(1000);
  useDeviceLiveOnMount(({ scales }) => setReading((known) => newerReport(known, latestReport(scales))));
  useStationEvent('scale.reading', setReading);
  const fresh = reading !== null && now - Date.parse(reading.at) <= FRESH_MS;
  return { reading, fresh };
}
