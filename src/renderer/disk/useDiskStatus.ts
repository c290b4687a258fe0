import type { DiskStatus } from '../../shared/contract/index.ts';
import { useStationQuery } from '../hooks/index.ts';
import { useStationEvent } from '../station/index.ts';

/** The data folder's disk as the station last reported it, kept live by its disk.status events. */
export function useDiskStatus(refreshKey?: unknown): DiskStatus | null {
  const query = useStationQuery('disk.status', {}, refreshKey);
  useStationEvent('disk.status', (status) => query.setValue(() => status));
  return query.value;
}
