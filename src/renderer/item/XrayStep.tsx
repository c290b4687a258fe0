import { useEffect, useRef } from 'react';
import type { ItemDetail } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useSite } from '../site/index.ts';
import { useSiteLinkStatus } from '../siteLink/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { XRAY_FINDING_NAMES, XRAY_VERDICT_NAMES } from '../ui/index.ts';
import { CabinetPanel } from './CabinetPanel.tsx';
import { SkipStepForm } from './SkipStepForm.tsx';
import { useCabinetStatus } from './useCabinetStatus.ts';
import { useXrayImage } from './xrayImage.ts';
import { XrayVerdictForm } from './XrayVerdictForm.tsx';
import { XrayViewer } from './XrayViewer.tsx';
import type { SkippableStepWords, WorkspaceStep } from './workspaceStep.ts';

const SKIP = { step: 'xray', words: 'X-ray' } as const satisfies SkippableStepWords;

const REQUEST_ADVICE = {
  UNAVAILABLE: 'The cabinet refused or is not connected. Check its door, key and fault light, then request again. The refusal is on the item’s record.',
  FORBIDDEN: 'X-ray needs a current X-ray operator qualification. Ask a qualified colleague, or a coordinator to record your training.',
} as const;

/** Request a scan from the cabinet, look at the image, record the verdict; a second reviewer after an inconclusive one. */
export function XrayStep({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const { operator } = useSite();
  const cabinet = useCabinetStatus();
  // At a station of a site, an inconclusive scan is in the site's review queue too.
  const siteJoined = useSiteLinkStatus() !== null;
  const request = useAction();
  const next = detail.nextSteps[0];
  const scan = detail.xrayScans.at(-1) ?? null;
  const image = useXrayImage(detail.item.custodyId, scan);
  // The request button leaves once the image is in: the verdict form's heading takes the focus, so
  // keyboard users do not fall out of the page (the image and its tools are one Shift+Tab back).
  // An inconclusive verdict takes its form away in the same way: the notice that says what happens
  // next takes the focus (the step stays the X-ray, so the workspace does not move it).
  const stepRef = useRef<HTMLDivElement>(null);
  const previous = useRef(next);
  useEffect(() => {
    const before = previous.current;
    previous.current = next;
    const focus = (selector: string) => stepRef.current?.querySelector<HTMLElement>(selector)?.focus();
    if ((before === 'xray' || before === 'xray-or-skip') && next === 'xray-verdict') focus('[data-testid="verdict-form"] h3');
    if (before === 'xray-verdict' && next === 'second-review') focus('[data-testid="needs-second-reviewer"] h3');
  }, [next]);

  const requestScan = async () => {
    const result = await request.run(() => station.call('xray.requestScan', { custodyId: detail.item.custodyId, deviceId: cabinet?.deviceId }));
    if (result) onDone(result.detail);
  };

  return (
    <div className="step-form" ref={stepRef} data-testid="xray-step" data-next={next}>
      <h2 className="step-title" tabIndex={-1}>X-ray {detail.requirements.xray === 'required' ? '(required for this item)' : '(optional for this item)'}</h2>
      <CabinetPanel status={cabinet} />

      {(next === 'xray' || next === 'xray-or-skip') && (
        <>
          <p className="lead">Put the item in the cabinet, close the door, then request the scan. The cabinet decides whether it is safe to scan.</p>
          <div className="step-actions">
            <ErrorNotice error={request.error} next={REQUEST_ADVICE} />
            <div className="form-actions">
              <button type="button" className="button button-primary button-large" disabled={request.busy} onClick={requestScan} data-testid="xray-request">
                {request.busy ? 'Asking the cabinet…' : 'Request scan'}
              </button>
              {detail.requirements.xray === 'optional' && <SkipStepForm detail={detail} skip={SKIP} onDone={onDone} />}
            </div>
          </div>
        </>
      )}

      {scan !== null && (next === 'xray-verdict' || next === 'second-review') && (
        <XrayViewer src={image.src} sha256={image.sha256} error={image.error} loading={image.loading} caption={`X-ray image of ${detail.item.custodyId}, scan ${scan.scanRef}`} />
      )}

      {next === 'xray-verdict' && <XrayVerdictForm detail={detail} mode={{ kind: 'first' }} onDone={onDone} />}

      {next === 'second-review' && scan !== null && (
        <>
          <div className="notice notice-warn" role="status" data-testid="needs-second-reviewer">
            <Icon kind="fault" />
            <div>
              <h3 className="notice-title" tabIndex={-1}>
                Inconclusive: needs a second reviewer
              </h3>
              <p className="notice-next">
                First review: {XRAY_VERDICT_NAMES[scan.verdict ?? 'inconclusive']}
                {scan.findings.length > 0 && ` — ${scan.findings.map((finding) => XRAY_FINDING_NAMES[finding]).join(', ')}`}
                {scan.notes !== '' && `. Notes: ${scan.notes}`}
              </p>
              {siteJoined && (
                <p className="notice-next" data-testid="second-review-site">
                  It is in the site’s review queue too: a trained reviewer at another station may answer, and the first second review written here counts.
                </p>
              )}
            </div>
          </div>
          {scan.reviewerId === operator.id ? (
            <p className="lead" data-testid="second-reviewer-hint">
              You made the first review, so another X-ray operator must make the second. Lock the station (top right) and let them log in: this item opens again for them.
            </p>
          ) : (
            <XrayVerdictForm detail={detail} mode={{ kind: 'second' }} onDone={onDone} />
          )}
        </>
      )}
    </div>
  );
}

export const xrayStep = {
  id: 'xray',
  name: 'X-ray',
  answers: ['xray', 'xray-or-skip', 'xray-verdict', 'second-review'],
  showsFirst: null,
  isDone: (detail) => detail.xrayScans.some((scan) => (scan.secondVerdict ?? scan.verdict) === 'clear'),
  skip: SKIP,
  summary: {
    term: 'X-ray',
    says: (detail) => {
      const scan = detail.xrayScans.at(-1);
      return scan ? `${XRAY_VERDICT_NAMES[scan.secondVerdict ?? scan.verdict ?? 'inconclusive']}${scan.secondVerdict ? ' (after a second review)' : ''}` : null;
    },
    none: 'Not X-rayed',
  },
  Screen: XrayStep,
} as const satisfies WorkspaceStep;
