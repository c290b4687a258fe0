import { useCallback, useEffect, useState } from 'react';
import type { IncidentView } from '../../shared/contract/index.ts';
import { toStationRequestError, useStation, useStationEvent, type StationRequestError } from '../station/index.ts';

/** One incident as the station last sent it; fetched again when it, or its item's custody, changes. */
export function useIncident(incidentId: number, refreshKey: number) {
  const station = useStation();
  const [incident, setIncident] = useState<IncidentView | null>(null);
  const [loadError, setLoadError] = useState<StationRequestError | null>(null);

  const load = useCallback(async () => {
    try {
      const { incident: loaded } = await station.call('incident.get', { incidentId });
      setIncident(loaded);
      setLoadError(null);
    } catch (caught) {
      setLoadError(toStationRequestError(caught));
    }
  }, [station, incidentId]);

  useEffect(() => {
    setIncident(null);
    void load();
  }, [load, refreshKey]);

  useStationEvent('incident.changed', ({ incident: changed }) => {
    if (changed.id === incidentId) void load();
  });
  // Custody transfers are item changes: the incident's custody chain comes with incident.get.
  useStationEvent('item.changed', ({ item }) => {
    if (incident !== null && item.custodyId === incident.custodyId) void load();
  });

  return { incident, setIncident, loadError };
}
