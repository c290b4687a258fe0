import { useState } from 'react';
import type { IncidentType } from '../../shared/contract/index.ts';
import { useFormSubmit } from '../hooks/index.ts';
import { ArrivingTransfers } from '../incident/index.ts';
import { IncidentTypeChoice } from '../item/index.ts';
import { ReportButton } from '../reports/index.ts';
import { useSite } from '../site/index.ts';
import { useStationQuery } from '../hooks/index.ts';
import { useStation, useStationEvent } from '../station/index.ts';
import { CustodyId } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { FormSubmit } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES } from '../ui/index.ts';
import { ListTable } from '../ui/index.ts';

/** Every incident, open first; a coordinator starts drills from here. */
export function IncidentsScreen({ onOpen, refreshKey }: { onOpen(incidentId: number): void; refreshKey: number }) {
  const { operator } = useSite();
  const list = useStationQuery('incident.list', { includeClosed: true }, refreshKey);
  const incidents = list.value?.incidents ?? [];
  // Reports carry names of people: the station gives them to coordinators and admins only.
  const supervisor = operator.role !== 'screener';

  useStationEvent('incident.changed', ({ incident }) => list.setValue((value) => ({ ...value, incidents: [incident, ...(value?.incidents ?? []).filter((known) => known.id !== incident.id)] })));

  return (
    <section className="incidents-screen" aria-labelledby="incidents-title" data-testid="incidents-screen">
      <h1 id="incidents-title">Incidents</h1>
      <ArrivingTransfers refreshKey={refreshKey} />
      <ErrorNotice error={list.error} />
      <ListTable
        testId="incident-list"
        columns={['Incident', 'Type', 'Item', 'Opened', 'Steps', supervisor ? 'Status and report' : 'Status']}
        count={incidents.length}
        empty="No incidents recorded."
        regionLabel="Incidents"
      >
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
            {/* The report sits under the status, not in a column of its own: the list fits its panel beside the demo drawer. */}
            <td className="report-cell">
              {incident.closedAt === null ? (
                <span className="tag tag-alert">⚠ Open</span>
              ) : (
                <span className="tag">Closed{incident.outcome !== null && `: ${INCIDENT_OUTCOME_NAMES[incident.outcome]}`}</span>
              )}
              {supervisor && <ReportButton paper={{ kind: 'incident', incidentId: incident.id }} className="button button-small" testId="incident-list-report" />}
            </td>
          </tr>
        ))}
      </ListTable>
      {operator.role === 'coordinator' && <DrillStart onStarted={onOpen} />}
    </section>
  );
}

function DrillStart({ onStarted }: { onStarted(incidentId: number): void }) {
  const station = useStation();
  const form = useFormSubmit();
  const [scenario, setScenario] = useState<IncidentType | null>(null);
  const [description, setDescription] = useState('');
  const submit = form.submit(scenario === null ? 'Choose the drill’s scenario.' : () => station.call('drill.start', { scenario, description: description.trim() }), (result) => onStarted(result.incident.id));
  return (
    <form className="panel subform drill-start" onSubmit={submit} noValidate data-testid="drill-form">
      <h2>Start a drill</h2>
      <p className="field-hint">A drill item and incident marked DRILL on every screen, kept out of real records, with the time taken per step.</p>
      <IncidentTypeChoice value={scenario} onValue={setScenario} suggested={new Set()} testId="drill-scenario" />
      <TextField label="Scenario description" value={description} onValue={setDescription} testId="drill-description" />
      <FormSubmit action={form} testId="drill-start">
        Start drill
      </FormSubmit>
    </form>
  );
}
