import { useState } from 'react';
import type { CabinetStatus } from '../../shared/contract/index.ts';
import { useStationEvent } from '../station/index.ts';

/** The X-ray cabinet's latest report of itself. Null until one arrives: unknown is shown as unknown. */
export function useCabinetStatus(): CabinetStatus | null {
  const [status, setStatus] = useState<CabinetStatus | null>(null);
  useStationEvent('cabinet.status', setStatus);
  return status;
}
