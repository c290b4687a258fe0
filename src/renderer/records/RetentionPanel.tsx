import { useEffect, useState, type FormEvent } from 'react';
import type { BackupSummary, PurgePreview, RecordClass, RetentionPolicyView } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';

const CLASSES: ReadonlyArray<{ value: RecordClass; label: string }> = [
  { value: 'items', label: 'Items' },
  { value: 'incidents', label: 'Incidents' },
  { value: 'images', label: 'X-ray images' },
  { value: 'recipients', label: 'Recipient data' },
];

type Days = Readonly<Record<RecordClass, string>>;

const toDays = (policy: RetentionPolicyView): Days => ({
  items: daysText(policy.items),
  incidents: daysText(policy.incidents),
  images: daysText(policy.images),
  recipients: daysText(policy.recipients),
});
const daysText = (days: number | null) => (days === null ? '' : String(days));
const keptWords = (days: number | null) => (days === null ? 'kept for ever' : `${days} days after disposition`);

/** Admins: how long each record class is kept, what a purge would remove, and a backup now. */
export function RetentionPanel() {
  return (
    <div className="records-columns">
      <RetentionForm />
      <div className="records-stack">
        <PurgePreviewBlock />
        <BackupBlock />
      </div>
    </div>
  );
}

function RetentionForm() {
  const station = useStation();
  const action = useAction();
  const [policy, setPolicy] = useState<RetentionPolicyView | null>(null);
  const [days, setDays] = useState<Days>({ items: '', incidents: '', images: '', recipients: '' });
  const [loadError, setLoadError] = useState<StationRequestError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    station.call('records.retention', { action: 'get' }).then(
      (result) => {
        if (cancelled) return;
        setPolicy(result.policy);
        setDays(toDays(result.policy));
      },
      (caught: unknown) => {
        if (!cancelled) setLoadError(toStationRequestError(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [station]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    const next: Partial<Record<RecordClass, number | null>> = {};
    for (const { value, label } of CLASSES) {
      const text = days[value].trim();
      const number = Number(text);
      if (text !== '' && (!Number.isInteger(number) || number < 0 || number > 36_500)) {
        return action.setError(new StationRequestError('INVALID_ARGUMENTS', `${label}: a whole number of days, 0 to 36500, or empty to keep them for ever.`));
      }
      next[value] = text === '' ? null : number;
    }
    const result = await action.run(() => station.call('records.retention', { action: 'set', policy: next }));
    if (result) {
      setPolicy(result.policy);
      setDays(toDays(result.policy));
      setSaved('Saved. The change is recorded; the next purge follows it.');
    }
  };

  return (
    <form className="panel records-panel subform" onSubmit={submit} noValidate data-testid="retention-form">
      <h2>Retention</h2>
      <p className="field-hint">Days each record class is kept after its disposition (delivered, handed over, closed). Empty keeps it for ever. Recipient data is the hand-over’s ID number, signature and photo and the notices sent: the custody record stays. Nothing linked to an open incident or a legal hold is ever purged.</p>
      <ErrorNotice error={loadError} />
      {policy !== null && (
        <>
          {CLASSES.map(({ value, label }) => (
            <TextField
              key={value}
              label={`${label} (days)`}
              hint={`Now: ${keptWords(policy[value])}`}
              inputMode="numeric"
              value={days[value]}
              onValue={(text) => setDays((current) => ({ ...current, [value]: text }))}
              testId={`retention-${value}`}
            />
          ))}
          <ErrorNotice error={action.error} />
          <p role="status" className="form-done" data-testid="retention-status">
            {saved}
          </p>
          <button type="submit" className="button button-primary" disabled={action.busy} data-testid="retention-save">
            Save retention
          </button>
        </>
      )}
    </form>
  );
}

function PurgePreviewBlock() {
  const station = useStation();
  const action = useAction();
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const check = async () => {
    const result = await action.run(() => station.call('records.purgePreview', {}));
    if (result) setPreview(result);
  };
  return (
    <section className="panel records-panel" aria-labelledby="purge-title" data-testid="purge-preview">
      <h2 id="purge-title">What a purge would remove</h2>
      <p className="field-hint">A preview under the current retention: nothing is removed here. The purge itself runs from the admin CLI and is recorded.</p>
      <button type="button" className="button" disabled={action.busy} onClick={() => void check()} data-testid="purge-preview-run">
        {action.busy ? 'Counting…' : 'Show what would be purged'}
      </button>
      <ErrorNotice error={action.error} />
      {preview !== null && (
        <div role="status" data-testid="purge-preview-result">
          <table className="items figures">
            <caption className="visually-hidden">Records a purge would remove</caption>
            <thead>
              <tr>
                <th scope="col">Records</th>
                <th scope="col">Would go</th>
                <th scope="col">Disposed before</th>
              </tr>
            </thead>
            <tbody>
              {CLASSES.map(({ value, label }) => (
                <tr key={value} data-testid={`purge-${value}`}>
                  <th scope="row">{label}</th>
                  <td>{preview[value]}</td>
                  <td>{preview.cutoffs[value] === null ? 'kept for ever' : formatReceivedTime(preview.cutoffs[value])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" data-testid="purge-personal">
            Recipient data going: {preview.personal.idNumbers} ID numbers, {preview.personal.signatures} signatures, {preview.personal.photos} photos, {preview.personal.notices} notices.
          </p>
          {preview.sample.custodyIds.length + preview.sample.incidents.length > 0 && (
            <p className="muted">First to go: {[...preview.sample.custodyIds, ...preview.sample.incidents].join(', ')}</p>
          )}
        </div>
      )}
    </section>
  );
}

function BackupBlock() {
  const station = useStation();
  const action = useAction();
  const [backup, setBackup] = useState<BackupSummary | null>(null);
  const run = async () => {
    const result = await action.run(() => station.call('records.backupNow', {}));
    if (result) setBackup(result);
  };
  return (
    <section className="panel records-panel" aria-labelledby="backup-title" data-testid="backup">
      <h2 id="backup-title">Backup</h2>
      <p className="field-hint">The database and the X-ray images, copied now to the station’s backup folder and checked.</p>
      <button type="button" className="button" disabled={action.busy} onClick={() => void run()} data-testid="backup-run">
        {action.busy ? 'Backing up…' : 'Back up now'}
      </button>
      <ErrorNotice error={action.error} next={{ INVALID_STATE: 'Ask whoever installed the station to set a backup folder (an encrypted drive or share), then press Back up now again.' }} />
      {backup !== null && (
        <div role="status" className={backup.ok ? 'notice notice-info' : 'notice notice-error'} data-testid="backup-result" data-ok={backup.ok ? 'true' : 'false'}>
          <div>
            <p className="notice-title">{backup.ok ? 'Backup made and checked' : 'The backup was made but did not check out'}</p>
            <p>
              {backup.folder}: {backup.counts.items} items, {backup.counts.incidents} incidents, {backup.counts.auditEvents} audit events, {backup.counts.images} images ({Math.round(backup.ms)} ms).
            </p>
            {backup.chainHead !== null && (
              <p>
                Chain head #{backup.chainHead.seq} <code className="hash">{backup.chainHead.hash.slice(0, 16)}…</code>
              </p>
            )}
            {backup.imagesMismatched.length > 0 && <p>Images that differ: {backup.imagesMismatched.join(', ')}</p>}
          </div>
        </div>
      )}
    </section>
  );
}
