import type { ConsoleStation } from '../../shared/contract/index.ts';
import { ErrorNotice, formatReceivedTime } from '../ui/index.ts';
import { useConsoleQuery } from './ConsoleContext.tsx';
import { HEALTH_WORDS, heardWords, lagWords, plural, stationHealth } from './consoleWords.ts';

/** Every station of the site at a glance: last heard, the site's views against its chain, alarms, device warnings. */
export function StationsScreen() {
  const query = useConsoleQuery('console.stations', {});
  const stations = query.value?.stations ?? [];
  const now = query.value ? new Date(query.value.at) : new Date();
  return (
    <section className="console-screen" aria-labelledby="console-stations-title" data-testid="console-stations">
      <h1 id="console-stations-title">Stations</h1>
      <ErrorNotice error={query.error} />
      {query.value !== null && stations.length === 0 && <p className="empty">No station has joined the site yet (site add-station).</p>}
      {/* Many stations scroll here, under the screen's title and tabs (a region, so the keyboard scrolls it too). */}
      <div className="console-cards" role="region" aria-label="Stations of the site" tabIndex={0} data-testid="console-station-list">
        {stations.map((station) => (
          <StationCard key={station.station} station={station} now={now} />
        ))}
      </div>
    </section>
  );
}

export function StationCard({ station, now }: { station: ConsoleStation; now: Date }) {
  const health = stationHealth(station);
  return (
    <article className={`panel console-card console-${health}`} aria-labelledby={`station-${station.station}`} data-testid="console-station" data-station={station.station} data-health={health}>
      <h2 id={`station-${station.station}`}>
        {station.station} <span className={health === 'alarm' || health === 'held' ? 'tag tag-alert' : 'tag'}>{HEALTH_WORDS[health]}</span>
      </h2>
      <dl className="console-facts">
        <dt>Last heard</dt>
        <dd data-testid="station-heard">{heardWords(station.heardAt, now)}</dd>
        <dt>Site holds</dt>
        <dd data-testid="station-site-head">{station.siteSeq === 0 ? 'no events yet' : `events 1 to ${station.siteSeq.toLocaleString('en')}`}</dd>
        <dt>In the site’s views</dt>
        <dd data-testid="station-lag">{lagWords(station)}</dd>
        <dt>Open incidents</dt>
        <dd data-testid="station-open-incidents">{station.openIncidents}</dd>
      </dl>
      {station.held !== null && (
        <p className="console-held" data-testid="station-held">
          Views stopped: {station.held}
        </p>
      )}
      {station.alarms.length > 0 && (
        <div className="console-alarms">
          <h3>{plural(station.alarmCount, 'chain alarm')} — call the site admin</h3>
          <ul data-testid="station-alarms">
            {station.alarms.map((alarm) => (
              <li key={alarm.id}>
                <strong>{alarm.kind}</strong> {formatReceivedTime(alarm.at, now)}: {alarm.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {station.deviceWarnings.length > 0 && (
        <div className="console-devices">
          <h3>Device warnings</h3>
          <ul data-testid="station-device-warnings">
            {station.deviceWarnings.map((device) => (
              <li key={device.deviceId}>
                <strong>{device.deviceId}</strong>: {plural(device.warnings, 'warning')}
                {device.lastKind !== null && `, last ${device.lastKind}`}
                {device.lastDetail !== null && ` (${device.lastDetail})`}
                {device.lastAt !== null && ` ${formatReceivedTime(device.lastAt, now)}`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}
