import { useState } from 'react';
import type { CabinetStatus } from '../../shared/contract/index.ts';
import { useStationEvent } from '../station/index.ts';
import { latestReport, newerReport, useDeviceLiveOnMount } from './useDeviceLive.ts';

/**
 * The X-ray cabinet's latest report of itself: the last one the station holds on mount, then each
 * new one. Null while none exists: unknown is shown as unknown.
 */
export function useCabinetStatus(): CabinetStatus | null {
  const [status, setStatus] = useState<CabinetStatus | null>(null);
  useDeviceLiveOnMount(({ cabinets }) => setStatus((known) => newerReport(known, latestReport(cabinets))));
  useStationEvent('cabinet.status', setStatus);
  return status;
}
