import { useEffect, useState, type FormEvent } from 'react';
import type { IncidentSummary, IncidentType } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/useAction.ts';
import { IncidentTypeChoice } from '../item/IncidentTypeChoice.tsx';
import { ReportButton } from '../reports/ReportButton.tsx';
import { useSite } from '../site/SiteContext.tsx';
import { StationRequestError, toStationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { CustodyId } from '../ui/CustodyId.tsx';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { TextField } from '../ui/Field.tsx';
import { formatReceivedTime } from '../ui/formatTime.ts';
import { INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES } from '../ui/incidentTypes.ts';

/** Every incident, open first; a coordinator starts drills from here. */
export function IncidentsScreen({ onOpen, refreshKey }: { onOpen(incidentId: number): void; refreshKey: number }) {
  const station = useStation();
  const { operator } = useSite();
  const [incidents, setIncidents] = useState<IncidentSummary[]>([]);
  const [error, setError] = useState<StationRequestError | null>(null);
  // Reports carry names of people: the station gives them to coordinators and admins only.
  const supervisor = operator.role !== 'screener';

  useEffect(() => {
    station.call('incident.list', { includeClosed: true }).then(
      (result) => {
        setIncidents(result.incidents);
        setError(null);
      },
      (caught: unknown) => setError(toStationRequestError(caught)),
    );
  }, [station, refreshKey]);

  useStationEvent('incident.changed', ({ incident }) => setIncidents((list) => [incident, ...list.filter((known) => known.id !== incident.id)]));

  return (
    <section className="incidents-screen" aria-labelledby="incidents-title" data-testid="incidents-screen">
      <h1 id="incidents-title">Incidents</h1>
      <ErrorNotice error={error} />
      {incidents.length === 0 ? (
        <p className="empty">No incidents recorded.</p>
      ) : (
        <div className="items-scroll" role="region" aria-label="Incidents" tabIndex={0}>
          <table className="items" data-testid="incident-list">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Type</th>
                <th scope="col">Item</th>
                <th scope="col">Opened</th>
                <th scope="col">Steps</th>
                <th scope="col">Status</th>
                {supervisor && <th scope="col">Report</th>}
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id} data-testid="incident-row" data-incident-id={incident.id}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => onOpen(incident.id)} data-testid="incident-open">
                      {incident.number}
                    </button>
                    {incident.mode !== 'live' && <span className="tag tag-mode">{incident.mode.toUpperCase()}</span>}
                  </th>
                  <td>{INCIDENT_TYPE_NAMES[incident.type]}</td>
                  <td>
                    <CustodyId value={incident.custodyId} />
                  </td>
                  <td>{formatReceivedTime(incident.openedAt)}</td>
                  <td>
                    {incident.stepsDone} / {incident.stepsTotal}
                  </td>
                  <td>
                    {incident.closedAt === null ? (
                      <span className="tag tag-alert">⚠ Open</span>
                    ) : (
                      <span className="tag">Closed{incident.outcome !== null && `: ${INCIDENT_OUTCOME_NAMES[incident.outcome]}`}</span>
                    )}
                  </td>
                  {supervisor && (
                    <td className="report-cell">
                      <ReportButton paper={{ kind: 'incident', incidentId: incident.id }} className="button button-small" testId="incident-list-report" />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {operator.role === 'coordinator' && <DrillStart onStarted={onOpen} />}
    </section>
  );
}

function DrillStart({ onStarted }: { onStarted(incidentId: number): void }) {
  const station = useStation();
  const action = useAction();
  const [scenario, setScenario] = useState<IncidentType | null>(null);
  const [description, setDescription] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (scenario === null) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose the drill’s scenario.'));
    const result = await action.run(() => station.call('drill.start', { scenario, description: description.trim() }));
    if (result) onStarted(result.incident.id);
  };
  return (
    <form className="panel subform drill-start" onSubmit={submit} noValidate data-testid="drill-form">
      <h2>Start a drill</h2>
      <p className="field-hint">A drill item and incident marked DRILL on every screen, kept out of real records, with the time taken per step.</p>
      <IncidentTypeChoice value={scenario} onValue={setScenario} suggested={new Set()} testId="drill-scenario" />
      <TextField label="Scenario description" value={description} onValue={setDescription} testId="drill-description" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="drill-start">
        Start drill
      </button>
    </form>
  );
}
