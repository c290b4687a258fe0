import { useState, type FormEvent } from 'react';
import type { IncidentType, ItemDetail, XrayFinding, XrayVerdict } from '../../shared/contract/index.ts';
import { XrayFinding as XrayFindingSchema } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { CheckTiles, Choice, TextAreaField } from '../ui/index.ts';
import { XRAY_FINDING_NAMES } from '../ui/index.ts';
import { IncidentTypeChoice } from './IncidentTypeChoice.tsx';

/** Findings that point to a protocol: a hint for the incident type, never a decision. */
const FINDING_HINTS: Partial<Record<XrayFinding, IncidentType>> = {
  wires: 'possibleExplosive',
  battery: 'possibleExplosive',
  liquid: 'possibleExplosive',
  denseOrganicMass: 'possibleExplosive',
  powderOrGranularMass: 'suspiciousSubstance',
};

type Mode = { kind: 'first' } | { kind: 'second' };

/** The reviewer's verdict on a scan: clear, suspect (opens the incident) or inconclusive (a second reviewer). */
export function XrayVerdictForm({ detail, mode, onDone }: { detail: ItemDetail; mode: Mode; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [verdict, setVerdict] = useState<XrayVerdict | null>(null);
  const [findings, setFindings] = useState<Set<XrayFinding>>(new Set());
  const [notes, setNotes] = useState('');
  const [incidentType, setIncidentType] = useState<IncidentType | null>(null);
  const suggested = new Set([...findings].map((finding) => FINDING_HINTS[finding]).filter((type): type is IncidentType => type !== undefined));
  const second = mode.kind === 'second';

  const chooseVerdict = (next: XrayVerdict) => {
    setVerdict(next);
    if (next === 'suspect' && incidentType === null) setIncidentType([...suggested][0] ?? null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (verdict === null) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose a verdict.'));
      return;
    }
    if (verdict === 'suspect' && incidentType === null) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose what kind of threat the image suggests, to open its protocol.'));
      return;
    }
    const custodyId = detail.item.custodyId;
    const type = verdict === 'suspect' && incidentType !== null ? incidentType : undefined;
    const result = await action.run(() =>
      second
        ? station.call('xray.secondReview', { custodyId, verdict: verdict === 'inconclusive' ? 'suspect' : verdict, notes: notes.trim(), incidentType: type })
        : station.call('xray.recordVerdict', { custodyId, verdict, findings: [...findings], notes: notes.trim(), incidentType: type }),
    );
    if (result) onDone(result.detail);
  };

  const verdicts: ReadonlyArray<{ value: XrayVerdict; label: string; detail: string }> = [
    { value: 'clear', label: 'Clear', detail: 'Nothing of concern in the image.' },
    { value: 'suspect', label: 'Suspect', detail: 'Stop: opens the incident protocol.' },
    ...(second ? [] : [{ value: 'inconclusive' as const, label: 'Inconclusive', detail: 'A second X-ray operator must review it.' }]),
  ];

  return (
    <form className="subform" onSubmit={submit} noValidate data-testid={second ? 'second-review-form' : 'verdict-form'}>
      <h3 tabIndex={-1}>{second ? 'Second review' : 'Your verdict on the image'}</h3>
      <Choice legend="Verdict" name="xray-verdict" options={verdicts} value={verdict} onValue={chooseVerdict} testId={second ? 'second-verdict' : 'verdict'} />
      {!second && (
        <fieldset className="choice">
          <legend className="field-label">Findings (tick what you see)</legend>
          <CheckTiles options={XrayFindingSchema.options.map((finding) => ({ value: finding, label: XRAY_FINDING_NAMES[finding] }))} checked={findings} onChecked={setFindings} testIdPrefix="finding" />
        </fieldset>
      )}
      {verdict === 'suspect' && <IncidentTypeChoice value={incidentType} onValue={setIncidentType} suggested={suggested} testId="xray-incident-type" />}
      <TextAreaField label="Notes" hint={verdict === 'inconclusive' ? 'Say what the second reviewer should look at.' : undefined} value={notes} onValue={setNotes} testId={second ? 'second-notes' : 'verdict-notes'} />
      <ErrorNotice error={action.error} next={{ FORBIDDEN: 'Only an operator with a current X-ray qualification can record a verdict. Ask a qualified colleague.' }} />
      <div className="form-actions">
        <button type="submit" className={verdict === 'suspect' ? 'button button-danger button-large' : 'button button-primary button-large'} disabled={action.busy} data-testid={second ? 'second-review-submit' : 'verdict-submit'}>
          {verdict === 'suspect' ? 'Record SUSPECT and start the protocol' : 'Record verdict'}
        </button>
      </div>
    </form>
  );
}
