import type { SiteLinkStatus } from '../../shared/contract/index.ts';
import { useStationQuery } from '../hooks/index.ts';
import { useStationEvent } from '../station/index.ts';

/** The link to the site database as the station last reported it (null at a station alone), kept live by its site.link events. */
export function useSiteLinkStatus(refreshKey?: unknown): SiteLinkStatus | null {
  const query = useStationQuery('site.link', {}, refreshKey);
  useStationEvent('site.link', (status) => query.setValue(() => ({ status })));
  return query.value?.status ?? null;
}
