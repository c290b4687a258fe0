import { useState, type FormEvent, type ReactNode } from 'react';
import type { IncidentType, RemoteReviewScan, StationErrorCode } from '../../shared/contract/index.ts';
import { IncidentTypeChoice, XrayViewer } from '../item/index.ts';
import { StationRequestError } from '../station/index.ts';
import { Choice, CustodyId, ErrorNotice, TextAreaField, XRAY_FINDING_NAMES, formatReceivedTime } from '../ui/index.ts';
import type { QueuedScanImage } from './useQueuedScanImage.ts';

/** What a second reviewer decided: the verdict, the threat a suspect image suggests, the notes. */
export interface SecondReview {
  verdict: 'clear' | 'suspect';
  notes: string;
  incidentType?: IncidentType;
}

export const findingWords = (finding: string) => (Object.hasOwn(XRAY_FINDING_NAMES, finding) ? XRAY_FINDING_NAMES[finding as keyof typeof XRAY_FINDING_NAMES] : finding);

interface RemoteReviewFormProps {
  scan: RemoteReviewScan;
  image: QueuedScanImage;
  /** The screen's test IDs: `<prefix>-scan`, `-form`, `-verdict`, `-incident-type`, `-notes`, `-back`, `-submit`. */
  testIdPrefix: string;
  /** Class names for a screen that lays the parts out itself (`<prefix>-scan`, `-about`, `-image`, `-form`, `-actions`): the console puts the image beside the form. */
  layoutPrefix?: string;
  /** Fields before the verdict (the console's badge and PIN: who answers, checked by the site). */
  identity?: ReactNode;
  /** A refusal in words before the verdict's own checks (the console's missing badge or PIN), or null. */
  precheck?(): string | null;
  busy: boolean;
  error: StationRequestError | null;
  /** Advice for this screen's refusals (who may answer here). */
  next: Partial<Record<StationErrorCode, string>>;
  onRefused(error: StationRequestError): void;
  /** Called with a whole answer: a verdict, and the threat when it is suspect. */
  onAnswer(review: SecondReview): void;
  onBack(): void;
}

/**
 * One queued scan's second review, the same at a station's Site review tab and at the site
 * console: the first verdict, the image (checked against its fingerprint), the verdict, what
 * threat a suspect image suggests (its station opens that protocol) and the notes. Where the
 * answer goes, and who gives it, is the screen's.
 */
export function RemoteReviewForm({ scan, image, testIdPrefix, layoutPrefix, identity, precheck, busy, error, next, onRefused, onAnswer, onBack }: RemoteReviewFormProps) {
  const [verdict, setVerdict] = useState<'clear' | 'suspect' | null>(null);
  const [incidentType, setIncidentType] = useState<IncidentType | null>(null);
  const [notes, setNotes] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const refusal =
      precheck?.() ?? (verdict === null ? 'Choose a verdict.' : verdict === 'suspect' && incidentType === null ? 'Choose what kind of threat the image suggests: its station opens the protocol.' : null);
    if (refusal !== null || verdict === null) {
      onRefused(new StationRequestError('INVALID_ARGUMENTS', refusal ?? 'Choose a verdict.'));
      return;
    }
    onAnswer({ verdict, notes: notes.trim(), ...(verdict === 'suspect' && incidentType !== null ? { incidentType } : {}) });
  };

  const part = (name: string) => (layoutPrefix === undefined ? undefined : `${layoutPrefix}-${name}`);
  return (
    <div className={['remote-review', part('scan')].filter(Boolean).join(' ')} data-testid={`${testIdPrefix}-scan`} data-custody-id={scan.custodyId}>
      <div className={part('about')}>
        <h2>
          Second review of <CustodyId value={scan.custodyId} /> at station {scan.station}
        </h2>
        <p>
          First verdict: inconclusive, {formatReceivedTime(scan.at)}. {scan.findings.length ? `Findings: ${scan.findings.map(findingWords).join(', ')}.` : ''} {scan.notes}
        </p>
      </div>
      <div className={part('image')}>
        <XrayViewer src={image.src} caption={`X-ray of ${scan.custodyId} (station ${scan.station})`} sha256={image.sha256} error={image.error} loading={image.src === null && image.error === null} />
      </div>
      <form className={['subform', part('form')].filter(Boolean).join(' ')} onSubmit={submit} noValidate data-testid={`${testIdPrefix}-form`}>
        {identity}
        <Choice
          legend="Verdict"
          name={`${testIdPrefix}-verdict`}
          options={[
            { value: 'clear' as const, label: 'Clear', detail: 'Nothing of concern in the image.' },
            { value: 'suspect' as const, label: 'Suspect', detail: 'Its station opens the incident protocol.' },
          ]}
          value={verdict}
          onValue={setVerdict}
          testId={`${testIdPrefix}-verdict`}
        />
        {verdict === 'suspect' && <IncidentTypeChoice value={incidentType} onValue={setIncidentType} suggested={new Set()} testId={`${testIdPrefix}-incident-type`} />}
        <TextAreaField label="Notes" value={notes} onValue={setNotes} testId={`${testIdPrefix}-notes`} />
        <ErrorNotice error={error} next={next} />
        <div className={['form-actions', part('actions')].filter(Boolean).join(' ')}>
          <button type="button" className="button" onClick={onBack} data-testid={`${testIdPrefix}-back`}>
            Back to the queue
          </button>
          <button type="submit" className={verdict === 'suspect' ? 'button button-danger button-large' : 'button button-primary button-large'} disabled={busy} data-testid={`${testIdPrefix}-submit`}>
            {verdict === 'suspect' ? 'Record SUSPECT for its station' : 'Record second review'}
          </button>
        </div>
      </form>
    </div>
  );
}
