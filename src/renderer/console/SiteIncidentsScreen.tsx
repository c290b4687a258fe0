import { useState } from 'react';
import type { ConsoleIncident } from '../../shared/contract/index.ts';
import { ErrorNotice, formatReceivedTime, INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES, ListTable } from '../ui/index.ts';
import { wordsFor } from './consoleWords.ts';
import { IncidentDetail } from './IncidentDetail.tsx';
import { usePagedConsoleList } from './usePagedConsoleList.ts';

const keyOf = (incident: ConsoleIncident) => `${incident.station}/${incident.number}`;

/** Incidents across the site's stations, last changed first, live, with how far each protocol has come. */
export function SiteIncidentsScreen() {
  const [openOnly, setOpenOnly] = useState(true);
  const [shown, setShown] = useState<{ station: string; number: string } | null>(null);
  const list = usePagedConsoleList('console.incidents', openOnly ? { open: true } : {}, keyOf);
  return (
    <section className="console-screen" aria-labelledby="console-incidents-title" data-testid="console-incidents">
      <div className="console-screen-head">
        <h1 id="console-incidents-title">Incidents across stations</h1>
        <label className="console-filter">
          <input type="checkbox" checked={openOnly} onChange={(event) => setOpenOnly(event.target.checked)} data-testid="console-incidents-open" /> Open incidents only
        </label>
      </div>
      <ErrorNotice error={list.error} />
      {list.loaded && (
        <ListTable
          testId="console-incident-list"
          columns={['Station', 'Incident', 'Type', 'Item', 'Opened', 'Protocol', 'Status']}
          count={list.rows.length}
          empty={openOnly ? 'No open incident at any station.' : 'No incident recorded at any station.'}
          regionLabel="Incidents across stations"
          regionClassName="console-list"
        >
          {list.rows.map((incident) => (
            <tr key={keyOf(incident)} data-testid="console-incident-row" data-station={incident.station} data-number={incident.number}>
              <td>{incident.station}</td>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => setShown({ station: incident.station, number: incident.number })} data-testid="console-incident-open">
                  {incident.number}
                </button>
                {incident.mode !== null && incident.mode !== 'live' && <span className="tag tag-mode">{incident.mode.toUpperCase()}</span>}
              </th>
              <td>{wordsFor(INCIDENT_TYPE_NAMES, incident.type)}</td>
              <td>{incident.custodyId ?? '—'}</td>
              <td>{incident.openedAt === null ? '—' : formatReceivedTime(incident.openedAt)}</td>
              <td data-testid="console-incident-progress">
                {incident.steps.total === null ? `${incident.steps.done} steps done` : `${incident.steps.done} / ${incident.steps.total} steps`}
                {incident.protocolTitle !== null && <span className="console-sub"> {incident.protocolTitle}</span>}
              </td>
              <td>{incident.closed ? <span className="tag">Closed{incident.outcome !== null && `: ${wordsFor(INCIDENT_OUTCOME_NAMES, incident.outcome)}`}</span> : <span className="tag tag-alert">⚠ Open</span>}</td>
            </tr>
          ))}
        </ListTable>
      )}
      {list.more && (
        <button type="button" className="button button-small console-more" onClick={list.loadMore} data-testid="console-incidents-more">
          Show older incidents
        </button>
      )}
      {shown !== null && <IncidentDetail key={`${shown.station}/${shown.number}`} station={shown.station} number={shown.number} onClose={() => setShown(null)} />}
    </section>
  );
}
