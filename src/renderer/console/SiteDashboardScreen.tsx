import { useCallback, useRef, useState } from 'react';
import type { ConsoleResponse } from '../../shared/contract/index.ts';
import { LazyDashboardView } from '../dashboard/index.ts';
import { useConsole, useConsoleQuery } from './ConsoleContext.tsx';
import { ALL_STATIONS, ConsoleStationSelect } from './ConsoleStationSelect.tsx';

const WHOLE_SITE = ALL_STATIONS;
/** The figures are asked again now and then: the site's views move as stations publish. */
const REFRESH_MS = 30_000;
/** Stations named one by one in the line saying how far the figures go. */
const MAX_NAMED = 6;

/**
 * The dashboard from the site's record: one station's or the whole site's, the same figures and
 * period as a station's dashboard (made by the station's own builder at the console), each station
 * counted up to its views. The two figures only a station holds (notices waiting now, device
 * uptime) are said to be station-only, never shown as a zero.
 */
export function SiteDashboardScreen() {
  const client = useConsole();
  const stations = useConsoleQuery('console.stations', {}, 0);
  const [station, setStation] = useState(WHOLE_SITE);
  const [counted, setCounted] = useState<ConsoleResponse<'console.dashboard'>['stations'] | null>(null);
  // Only the latest answer names what was counted (an earlier one may land after it).
  const asked = useRef(0);
  const load = useCallback(
    async (from: string, to: string) => {
      const mine = ++asked.current;
      const answer = await client.call('console.dashboard', { from, to, ...(station === WHOLE_SITE ? {} : { station }) });
      if (mine === asked.current) setCounted(answer.stations);
      return answer.stats;
    },
    [client, station],
  );
  const controls = (
    <label className="console-dashboard-station">
      <span className="field-label">Station</span>
      <ConsoleStationSelect value={station} onChange={setStation} stations={stations.value?.stations} allLabel="The whole site" testId="console-dashboard-station" />
    </label>
  );
  const note = counted !== null && (
    <p className="field-hint" data-testid="console-dashboard-counted">
      From the site’s record, {countedWords(counted)}. Live records only; drills are counted apart.
    </p>
  );
  return (
    <div className="console-screen" data-testid="console-dashboard">
      <LazyDashboardView load={load} controls={controls} note={note} refreshMs={REFRESH_MS} />
    </div>
  );
}

/** Up to which event each station was counted; a site of many stations points at the Stations screen instead of a line of hundreds. */
function countedWords(counted: ConsoleResponse<'console.dashboard'>['stations']): string {
  if (counted.length === 0) return 'no station yet';
  if (counted.length > MAX_NAMED) return `each of its ${counted.length} stations up to its views (the Stations screen says how far each is)`;
  return `each station up to its views: ${counted.map((s) => `${s.station} event ${s.upToSeq}`).join(', ')}`;
}
