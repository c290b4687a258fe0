import { useCallback, useEffect, useState } from 'react';
import type { ItemDetail } from '../../shared/contract/index.ts';
import { toStationRequestError, useStation, useStationEvent, type StationRequestError } from '../station/index.ts';

/**
 * One item's detail as the station last sent it: fetched on open and again whenever the station
 * says the item changed (another screen, the cabinet attaching an image, the printer).
 */
export function useItemDetail(custodyId: string, refreshKey: number) {
  const station = useStation();
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [loadError, setLoadError] = useState<StationRequestError | null>(null);

  const load = useCallback(async () => {
    try {
      const { detail: loaded } = await station.call('item.get', { custodyId });
      setDetail(loaded);
      setLoadError(null);
    } catch (caught) {
      setLoadError(toStationRequestError(caught));
    }
  }, [station, custodyId]);

  useEffect(() => {
    setDetail(null);
    void load();
  }, [load, refreshKey]);

  useStationEvent('item.changed', ({ item }) => {
    if (item.custodyId === custodyId) void load();
  });

  return { detail, setDetail, loadError, reload: load };
}
