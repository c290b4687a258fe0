import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IncidentSummary, LegalHoldView } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { escapeCloses, useReturnFocus } from '../hooks/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { CustodyId } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextAreaField, TextField } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { INCIDENT_TYPE_NAMES } from '../ui/index.ts';
import { normalizeCustodyId } from './custodyIdInput.ts';

/**
 * Legal holds (coordinators and admins): nothing under a hold is ever purged, whatever the
 * retention policy says. Placing and releasing each take a reason and are recorded.
 */
export function LegalHoldsPanel() {
  const station = useStation();
  const [holds, setHolds] = useState<LegalHoldView[] | null>(null);
  const [loadError, setLoadError] = useState<StationRequestError | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A hold names its actor as the audit trail does ("operator:<id>"): show the person's name.
  useEffect(() => {
    station.call('operator.list', {}).then(
      ({ operators }) => setNames(new Map(operators.map((known) => [`operator:${known.id}`, known.name]))),
      (caught: unknown) => console.warn('Operators not listed for the holds', caught),
    );
  }, [station]);

  useEffect(() => {
    let cancelled = false;
    station.call('records.legalHold', { action: 'list' }).then(
      (result) => {
        if (cancelled) return;
        setHolds(result.holds);
        setLoadError(null);
      },
      (caught: unknown) => {
        if (!cancelled) setLoadError(toStationRequestError(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [station]);

  const changed = (next: LegalHoldView[], words: string) => {
    setHolds(next);
    setSaid(words);
  };

  // A released hold's row goes, with the form that had the focus: the list's heading takes it, and
  // what was done is said just below it.
  const released = (hold: LegalHoldView, next: LegalHoldView[]) => {
    headingRef.current?.focus();
    changed(next, `Hold released on ${subjectWords(hold)}. The release is recorded.`);
  };

  const active = holds?.filter((hold) => hold.releasedAt === null) ?? [];
  return (
    <div className="records-columns">
      <section className="panel records-panel" aria-labelledby="holds-title" data-testid="legal-holds">
        <h2 id="holds-title" ref={headingRef} tabIndex={-1}>
          Legal holds in force
        </h2>
        <ErrorNotice error={loadError} />
        <p role="status" className="form-done hold-said" data-testid="legal-hold-status">
          {said}
        </p>
        {holds === null ? (
          loadError === null && <p className="muted">Loading the holds…</p>
        ) : active.length === 0 ? (
          <p className="empty" data-testid="legal-holds-empty">
            No legal hold is in force.
          </p>
        ) : (
          <ul className="hold-list" data-testid="legal-hold-list">
            {active.map((hold) => (
              <HoldRow key={hold.id} hold={hold} placedBy={names.get(hold.placedBy) ?? hold.placedBy} onReleased={(next) => released(hold, next)} />
            ))}
          </ul>
        )}
      </section>
      <PlaceHoldForm onPlaced={(next, subject) => changed(next, `Legal hold placed on ${subject}. It is recorded in the audit trail; nothing under it will be purged.`)} />
    </div>
  );
}

function subjectWords(hold: LegalHoldView): string {
  return hold.subjectType === 'item' ? `item ${hold.subjectId}` : `incident ${hold.subjectId}`;
}

function HoldRow({ hold, placedBy, onReleased }: { hold: LegalHoldView; placedBy: string; onReleased(holds: LegalHoldView[]): void }) {
  const station = useStation();
  const action = useAction();
  const [releasing, setReleasing] = useState(false);
  const [reason, setReason] = useState('');
  // Keep it (or Escape) closes the form: the focus goes back to Release…, not to the page.
  const opener = useReturnFocus<HTMLButtonElement>(releasing);
  const release = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (reason.trim().length < 3) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say why the hold is released, in a few words.'));
    const result = await action.run(() => station.call('records.legalHold', { action: 'release', holdId: hold.id, reason: reason.trim() }));
    if (result) onReleased(result.holds);
  };
  return (
    <li className="hold" data-testid="legal-hold" data-hold-id={hold.id} data-subject={hold.subjectId}>
      <p className="hold-subject">
        <span className="tag tag-hold">⚖ HOLD</span> {hold.subjectType === 'item' ? <>Item <CustodyId value={hold.subjectId} /></> : <>Incident {hold.subjectId}</>}
      </p>
      <p className="hold-reason" data-testid="legal-hold-reason">
        {hold.reason}
      </p>
      <p className="muted">
        Placed by {placedBy}, {formatReceivedTime(hold.placedAt)}
      </p>
      {releasing ? (
        <form className="subform" onSubmit={release} onKeyDown={escapeCloses(() => setReleasing(false))} noValidate>
          <TextField label="Why is the hold released?" value={reason} onValue={setReason} testId="legal-hold-release-reason" autoFocus />
          <ErrorNotice error={action.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary button-small" disabled={action.busy} data-testid="legal-hold-release-submit">
              Release the hold
            </button>
            <button type="button" className="button button-small" onClick={() => setReleasing(false)} data-testid="legal-hold-release-cancel">
              Keep it (Esc)
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-small" ref={opener} onClick={() => setReleasing(true)} data-testid="legal-hold-release">
          Release…
        </button>
      )}
    </li>
  );
}

function PlaceHoldForm({ onPlaced }: { onPlaced(holds: LegalHoldView[], subject: string): void }) {
  const station = useStation();
  const action = useAction();
  const [kind, setKind] = useState<'item' | 'incident'>('item');
  const [custodyId, setCustodyId] = useState('');
  const [incidentId, setIncidentId] = useState('');
  const [reason, setReason] = useState('');
  const [incidents, setIncidents] = useState<IncidentSummary[]>([]);

  useEffect(() => {
    station.call('incident.list', { includeClosed: true }).then(
      (result) => setIncidents(result.incidents),
      (caught: unknown) => console.warn('Incidents not listed for the hold form', caught),
    );
  }, [station]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    const id = normalizeCustodyId(custodyId);
    if (kind === 'item' && id === null) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the item’s custody ID: 9 letters and digits, as on its label (XXX-XXX-XXX).'));
    if (kind === 'incident' && incidentId === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose the incident.'));
    if (reason.trim().length < 3) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say why the hold is placed (a case, a request), in a few words.'));
    const subject = kind === 'item' ? { type: 'item' as const, custodyId: id! } : { type: 'incident' as const, incidentId: Number(incidentId) };
    const result = await action.run(() => station.call('records.legalHold', { action: 'place', subject, reason: reason.trim() }));
    if (result) {
      onPlaced(result.holds, kind === 'item' ? `item ${id!}` : `incident ${incidents.find((known) => String(known.id) === incidentId)?.number ?? incidentId}`);
      setCustodyId('');
      setReason('');
    }
  };

  return (
    <form className="panel records-panel subform" onSubmit={submit} noValidate data-testid="legal-hold-form">
      <h2>Place a legal hold</h2>
      <Choice
        legend="On"
        name="hold-subject"
        options={[
          { value: 'item', label: 'An item' },
          { value: 'incident', label: 'An incident' },
        ]}
        value={kind}
        onValue={setKind}
        testId="legal-hold-subject"
      />
      {kind === 'item' ? (
        <TextField label="Custody ID" hint="As on the label; any case, hyphens optional." value={custodyId} onValue={setCustodyId} testId="legal-hold-custody-id" />
      ) : (
        <label className="field">
          <span className="field-label">Incident</span>
          <select className="select" value={incidentId} onChange={(event) => setIncidentId(event.target.value)} data-testid="legal-hold-incident">
            <option value="">Choose…</option>
            {incidents.map((incident) => (
              <option key={incident.id} value={incident.id}>
                {incident.number} — {INCIDENT_TYPE_NAMES[incident.type]}
                {incident.mode !== 'live' ? ` (${incident.mode})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <TextAreaField label="Why" hint="The case, court order or request the hold answers to." value={reason} onValue={setReason} testId="legal-hold-reason-input" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="legal-hold-place">
        Place the hold
      </button>
    </form>
  );
}
