import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IncidentType, IncidentView, ItemDetail } from '../../shared/contract/index.ts';
import { indicatorByCode, type IndicatorCode } from '../../shared/domain/index.ts';
import { useAction } from '../hooks/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import { IncidentTypeChoice } from './IncidentTypeChoice.tsx';

interface SuspectPanelProps {
  detail: ItemDetail;
  /** Indicators ticked on screen (not yet recorded) and recorded ones: both suggest a protocol. */
  ticked: ReadonlySet<IndicatorCode>;
  onCancel(): void;
  onIncident(incident: IncidentView): void;
}

/** Stop: mark the item suspect and open its protocol. Two fields, one big button. */
export function SuspectPanel({ detail, ticked, onCancel, onIncident }: SuspectPanelProps) {
  const station = useStation();
  const action = useAction();
  const codes = [...new Set<string>([...ticked, ...(detail.inspection?.indicators ?? [])])];
  const suggested = new Set(codes.map((code) => indicatorByCode(code)?.hazardHint).filter((hint): hint is Exclude<IncidentType, 'other'> => hint != null));
  const [type, setType] = useState<IncidentType | null>([...suggested][0] ?? null);
  const [reason, setReason] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (type === null) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose what kind of threat; “Other suspicion” if unsure.'));
      return;
    }
    if (reason.trim().length < 3) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say in a few words what made you stop.'));
      return;
    }
    const indicators = codes.filter((code): code is IndicatorCode => indicatorByCode(code) !== undefined);
    const result = await action.run(() => station.call('item.markSuspect', { custodyId: detail.item.custodyId, incidentType: type, reason: reason.trim(), indicators }));
    if (result) onIncident(result.incident);
  };

  return (
    <form
      className="suspect-panel"
      onSubmit={submit}
      noValidate
      data-testid="suspect-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 className="suspect-title" ref={headingRef} tabIndex={-1}>
        Stop. Do not handle the item further.
      </h2>
      <p className="lead">Put it down where it is. Choose the kind of threat and say why: the protocol starts at once.</p>
      <IncidentTypeChoice value={type} onValue={setType} suggested={suggested} testId="suspect-type" />
      <TextField label="What made you stop?" value={reason} onValue={setReason} testId="suspect-reason" />
      {/* The refusal stays with the button it answers, in view below the long form (a 1366×768 panel). */}
      <div className="step-actions">
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button type="submit" className="button button-danger button-large" disabled={action.busy} data-testid="suspect-submit">
            Mark SUSPECT and start the protocol
          </button>
          <button type="button" className="button" onClick={onCancel} data-testid="suspect-cancel">
            Cancel (Esc)
          </button>
        </div>
      </div>
    </form>
  );
}
