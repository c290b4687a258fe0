import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IncidentStepView, IncidentView } from '../../shared/contract/index.ts';
import { notifyAgencyName } from '../../shared/words/index.ts';
import { useAction } from '../hooks/index.ts';
import { formatElapsed } from '../hooks/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import { EMPTY_SECOND, SECOND_PERSON_ADVICE, SecondOperatorFields } from '../ui/index.ts';
import { CustodyPanel } from './CustodyPanel.tsx';
import { DocumentationForm, NotificationForm, NotificationLog, PersonsForm, RespondersForm, WitnessForm } from './RecordForms.tsx';

interface StepCardProps {
  incident: IncidentView;
  step: IncidentStepView;
  index: number;
  /** Seconds since the previous acknowledgement (or the opening): shown per step in drills. */
  stepSeconds: number;
  drill: boolean;
  /** Changes each time the operator picks a step from the list. */
  focusKey: number;
  onSaved(incident: IncidentView): void;
}

/** One protocol step, big: its instructions, the records it asks for, and its acknowledgement. */
export function StepCard({ incident, step, index, stepSeconds, drill, focusKey, onSaved }: StepCardProps) {
  const station = useStation();
  const action = useAction();
  const [note, setNote] = useState('');
  const [couldNot, setCouldNot] = useState('');
  const [second, setSecond] = useState(EMPTY_SECOND);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const done = step.acknowledgedAt !== null;

  useEffect(() => {
    setNote('');
    setCouldNot('');
    setSecond(EMPTY_SECOND);
  }, [step.id]);
  // A step shown (the next one coming up, or one chosen from the list, even the one already
  // shown) puts its title under the focus, so the keyboard reads on from the step itself.
  useEffect(() => titleRef.current?.focus(), [step.id, focusKey]);

  const acknowledge = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (step.requiresTwoPeople && (second.badge.trim() === '' || second.pin === '')) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'This step needs a second person: they scan their badge and enter their PIN.'));
      return;
    }
    const result = await action.run(() =>
      station.call('incident.acknowledgeStep', {
        incidentId: incident.id,
        stepId: step.id,
        note: note.trim(),
        secondOperator: step.requiresTwoPeople ? { badge: second.badge.trim(), pin: second.pin } : undefined,
        // Only while something is missing: a reason typed before the record was made is not sent.
        couldNotBecause: missing.length > 0 && couldNot.trim() !== '' ? couldNot.trim() : undefined,
      }),
    );
    if (result) onSaved(result.incident);
    else setSecond((s) => ({ ...s, pin: '' }));
  };

  const records = new Set(step.records);
  const missing = step.recordsMissing;
  const isHandOver = step.id === 'hand-over' || records.has('responderArrival');

  return (
    <article className={`step-card${step.critical ? ' step-critical' : ''}`} data-testid="incident-step" data-step-id={step.id} data-done={done ? 'true' : 'false'}>
      <p className="step-meta">
        Step {index + 1} of {incident.steps.length}
        {step.critical && <span className="tag tag-critical">Critical</span>}
        {step.requiresTwoPeople && <span className="tag tag-two">Two people</span>}
        {drill && !done && <span className="step-clock" data-testid="step-clock">This step: {formatElapsed(stepSeconds)}</span>}
      </p>
      <h2 className="step-card-title" ref={titleRef} tabIndex={-1} data-testid="incident-step-title">
        {step.title}
      </h2>
      <p className="step-instructions">{step.instructions}</p>

      {step.kind === 'notify' && step.agency !== null && (
        <>
          <NotificationLog incident={incident} />
          <NotificationForm key={step.id} incident={incident} onSaved={onSaved} agency={notifyAgencyName(step.agency)} stepId={step.id} />
        </>
      )}
      {(records.has('personsPresent') || records.has('personsHandled')) && (
        <PersonsForm incident={incident} onSaved={onSaved} defaultInvolvement={records.has('personsHandled') && !records.has('personsPresent') ? 'handled' : 'present'} />
      )}
      {records.has('notifications') && step.kind !== 'notify' && (
        <>
          <NotificationLog incident={incident} />
          <NotificationForm incident={incident} onSaved={onSaved} agency="" />
        </>
      )}
      {records.has('documentation') && <DocumentationForm incident={incident} onSaved={onSaved} evacuation={false} />}
      {records.has('evacuationDistance') && <DocumentationForm incident={incident} onSaved={onSaved} evacuation />}
      {records.has('witnessStatements') && <WitnessForm incident={incident} onSaved={onSaved} />}
      {records.has('responderArrival') && <RespondersForm incident={incident} onSaved={onSaved} />}
      {(isHandOver || records.has('seal')) && <CustodyPanel incident={incident} />}

      {done ? (
        <p className="step-done-line" data-testid="step-done">
          ✓ Done by {step.acknowledgedByName ?? step.acknowledgedBy} at {formatReceivedTime(step.acknowledgedAt!)}
          {step.secondBy !== null && ' with a second person'}
          {step.note !== '' && ` — ${step.note}`}
          {step.couldNotBecause !== null && <span data-testid="step-could-not-done"> — record not made: {step.couldNotBecause}</span>}
          {drill && step.secondsTaken !== null && ` (took ${formatElapsed(step.secondsTaken)})`}
        </p>
      ) : (
        <form className="ack-form" onSubmit={acknowledge} noValidate>
          {missing.length > 0 && (
            <div className="notice notice-warn" role="status" data-testid="step-missing">
              <p className="notice-title">Still to record for this step: {missing.join('; ')}.</p>
              <p className="notice-next">Record it above. If it cannot be done, say why below: the incident report shows it.</p>
            </div>
          )}
          {missing.length > 0 && <TextField label="Could not record it? Say why" value={couldNot} onValue={setCouldNot} testId="step-could-not" />}
          <TextField label="Note (optional)" value={note} onValue={setNote} testId="step-note" />
          {step.requiresTwoPeople && <SecondOperatorFields value={second} onValue={setSecond} purpose="confirms this step" testId="step-second" />}
          <ErrorNotice error={action.error} next={SECOND_PERSON_ADVICE} />
          <button type="submit" className="button button-ack button-wide" disabled={action.busy} data-testid="step-acknowledge">
            {action.busy ? 'Recording…' : step.kind === 'record' ? 'Recorded — step done' : 'Done — next step'}
          </button>
        </form>
      )}
    </article>
  );
}
