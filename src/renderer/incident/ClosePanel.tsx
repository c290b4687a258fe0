import { useState, type FormEvent } from 'react';
import type { IncidentOutcome, IncidentView } from '../../shared/contract/index.ts';
import { IncidentOutcome as IncidentOutcomeSchema } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useSite } from '../site/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextAreaField, TextField } from '../ui/index.ts';
import { INCIDENT_OUTCOME_NAMES } from '../ui/index.ts';
import { EMPTY_SECOND, SECOND_PERSON_ADVICE, SecondOperatorFields } from '../ui/index.ts';

/** Outcome and corrective actions (coordinator or admin), then the two-person close (coordinator). */
export function ClosePanel({ incident, onSaved }: { incident: IncidentView; onSaved(incident: IncidentView): void }) {
  const station = useStation();
  const { operator } = useSite();
  const outcomeAction = useAction();
  const closeAction = useAction();
  const [outcome, setOutcome] = useState<IncidentOutcome | null>(incident.outcome);
  const [lab, setLab] = useState(incident.labReference ?? '');
  const [actions, setActions] = useState(incident.correctiveActions ?? '');
  const [second, setSecond] = useState(EMPTY_SECOND);
  const mayRecordOutcome = operator.role === 'coordinator' || operator.role === 'admin';
  const mayClose = operator.role === 'coordinator';
  const open = incident.closedAt === null;
  const missing = incident.steps.filter((step) => step.critical && step.acknowledgedAt === null);

  const saveOutcome = async (event: FormEvent) => {
    event.preventDefault();
    if (outcomeAction.busy) return;
    if (outcome === null) return outcomeAction.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose the outcome.'));
    const result = await outcomeAction.run(() => station.call('incident.setOutcome', { incidentId: incident.id, outcome, labReference: lab.trim() || null, correctiveActions: actions.trim() }));
    if (result) onSaved(result.incident);
  };

  const close = async (event: FormEvent) => {
    event.preventDefault();
    if (closeAction.busy) return;
    const result = await closeAction.run(() => station.call('incident.close', { incidentId: incident.id, secondOperator: { badge: second.badge.trim(), pin: second.pin } }));
    if (result) onSaved(result.incident);
    else setSecond((s) => ({ ...s, pin: '' }));
  };

  if (!mayRecordOutcome) {
    return (
      <section className="record-block" data-testid="close-panel">
        <h2>Outcome and closing</h2>
        <p className="lead">The coordinator records the outcome and closes the incident with a second person. Keep working through the protocol; when the coordinator arrives, lock the station (top right) so they can log in — this incident opens again for them.</p>
      </section>
    );
  }

  return (
    <section className="record-block" data-testid="close-panel">
      <h2>Outcome and closing</h2>
      <form className="subform" onSubmit={saveOutcome} noValidate data-testid="outcome-form">
        <Choice legend="Outcome" name="outcome" options={IncidentOutcomeSchema.options.map((value) => ({ value, label: INCIDENT_OUTCOME_NAMES[value] }))} value={outcome} onValue={setOutcome} testId="outcome" />
        <TextField label="Laboratory or responder reference" value={lab} onValue={setLab} testId="outcome-lab" />
        <TextAreaField label="Corrective actions (for the after-action report)" value={actions} onValue={setActions} testId="outcome-actions" />
        {incident.outcome !== null && (
          <p className="field-hint" role="status" data-testid="outcome-saved">
            On the record: {INCIDENT_OUTCOME_NAMES[incident.outcome]}
            {incident.labReference !== null && incident.labReference !== '' && ` · ref. ${incident.labReference}`}
          </p>
        )}
        <ErrorNotice error={outcomeAction.error} />
        <button type="submit" className="button button-primary" disabled={outcomeAction.busy || !open} data-testid="outcome-save">
          Save outcome
        </button>
      </form>
      {open && mayClose && (
        <form className="subform" onSubmit={close} noValidate data-testid="close-form">
          <h3>Close the incident</h3>
          {missing.length > 0 && (
            <p className="field-hint" data-testid="close-missing">
              Still to acknowledge (critical): {missing.map((step) => step.title).join('; ')}.
            </p>
          )}
          <SecondOperatorFields value={second} onValue={setSecond} purpose="co-signs the closing" testId="close-second" />
          <ErrorNotice error={closeAction.error} next={SECOND_PERSON_ADVICE} />
          <button type="submit" className="button button-danger button-large" disabled={closeAction.busy} data-testid="close-submit">
            Close incident (two signatures)
          </button>
        </form>
      )}
      {open && !mayClose && <p className="lead">Only the coordinator closes an incident.</p>}
    </section>
  );
}
