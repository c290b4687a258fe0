import { useState, type FormEvent } from 'react';
import type { ItemDetail, ScaleReading } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { escapeCloses, useReturnFocus } from '../hooks/index.ts';
import { useDisplayUnit } from '../site/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import { LAST_READING_WORDS, SCALE_CONDITION_WORDS, SCALE_HEALTH_WORDS, STALE_LOAD_WORDS } from '../ui/index.ts';
import { formatWeight, parseWeight } from '../ui/index.ts';
import { SkipStepForm } from './SkipStepForm.tsx';
import { useScaleReading } from './useScaleReading.ts';
import type { SkippableStepWords, WorkspaceStep } from './workspaceStep.ts';

const SKIP = { step: 'weigh', words: 'weighing' } as const satisfies SkippableStepWords;

/** What the condition line says: the scale's fault first, then a load that is not this item's, then the reading's condition. */
function wordsFor(reading: ScaleReading | null, { scaleDown, staleLoad }: { scaleDown: boolean; staleLoad: boolean }) {
  if (scaleDown) return LAST_READING_WORDS;
  if (staleLoad) return STALE_LOAD_WORDS;
  return reading ? SCALE_CONDITION_WORDS[reading.condition] : null;
}

/**
 * The live scale reading, exactly as the scale reported it; capture only while it is stable
 * (DESIGN.md invariant 6). A typed weight is allowed with a reason, and says so on the record.
 */
export function WeighStep({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const unit = useDisplayUnit();
  const { reading, fresh, scaleStatus } = useScaleReading();
  const capture = useAction();
  const manual = useAction();
  const [manualOpen, setManualOpen] = useState(false);
  const [weightText, setWeightText] = useState('');
  const [reason, setReason] = useState('');
  const manualOpener = useReturnFocus<HTMLButtonElement>(manualOpen);
  // Main decides whether the load on the scale was put there for this item (issue 12): a stable
  // weight left from the last item, or there before this one was opened, is not its weight.
  const loadIsThisItems = reading?.newLoadFor === detail.item.custodyId;
  // A scale that answers with an error (EL, ES, …) gives no weight: what it showed last is not now.
  const scaleDown = scaleStatus !== null && scaleStatus.deviceId === reading?.deviceId && scaleStatus.health !== 'online';
  const stable = reading !== null && fresh && !scaleDown && reading.condition === 'stable' && reading.grams !== null;
  const canCapture = stable && loadIsThisItems;
  const staleLoad = stable && !loadIsThisItems;
  const words = wordsFor(reading, { scaleDown, staleLoad });
  const panelState = scaleDown ? 'fault' : staleLoad ? 'staleLoad' : (reading?.condition ?? 'none');

  const captureNow = async () => {
    const result = await capture.run(() => station.call('item.captureWeight', { custodyId: detail.item.custodyId, deviceId: reading?.deviceId }));
    if (result) onDone(result.detail);
  };

  const submitManual = async (event: FormEvent) => {
    event.preventDefault();
    if (manual.busy) return;
    const grams = parseWeight(weightText, unit);
    if (grams === null) {
      manual.setError(new StationRequestError('INVALID_ARGUMENTS', `Type the weight as a number in ${unit}, for example 250.`));
      return;
    }
    if (reason.trim().length < 3) {
      manual.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say why the weight is typed, not captured (for example: scale out of order).'));
      return;
    }
    const result = await manual.run(() => station.call('item.enterWeight', { custodyId: detail.item.custodyId, grams, reason: reason.trim() }));
    if (result) onDone(result.detail);
  };

  return (
    <div className="step-form" data-testid="weigh-step">
      <h2 className="step-title" tabIndex={-1}>Weigh the item</h2>
      <div className={`scale-panel scale-${panelState}`} data-testid="scale-panel" data-condition={reading?.condition ?? 'none'} aria-live="polite">
        {reading === null ? (
          <p className="scale-none">No scale is reporting. Put the item on the scale, or enter its weight by hand with a reason.</p>
        ) : (
          <>
            <p className="scale-value" data-testid="scale-value">
              {reading.value ?? '—'} <span className="scale-unit">{reading.unit}</span>
              {reading.grams !== null && unit !== reading.unit && <span className="scale-converted"> = {formatWeight(reading.grams, unit)}</span>}
            </p>
            <p className="scale-condition" data-testid="scale-condition" data-load={stable ? (loadIsThisItems ? 'this-item' : 'stale') : undefined}>
              <strong>{fresh ? words?.label : 'No recent reading'}</strong> — {fresh ? words?.next : 'The scale has not reported for a few seconds. Check it is on.'}
            </p>
          </>
        )}
        {scaleStatus !== null && (scaleStatus.health !== 'online' || scaleStatus.detail !== null) && (
          <p className="scale-device" data-testid="scale-device-status" data-health={scaleStatus.health}>
            <strong>{SCALE_HEALTH_WORDS[scaleStatus.health]}</strong>
            {scaleStatus.detail !== null && ` — ${scaleStatus.detail}`}
            {scaleStatus.health !== 'online' && '. Enter the weight by hand with a reason meanwhile, and tell the admin.'}
          </p>
        )}
      </div>
      <div className="step-actions">
        <ErrorNotice error={capture.error} next={{ UNAVAILABLE: 'Check the scale, or enter the weight by hand with a reason.' }} />
        <div className="form-actions">
          <button type="button" className="button button-primary button-large" disabled={!canCapture || capture.busy} onClick={captureNow} data-testid="capture-weight">
            Capture weight
          </button>
          {!manualOpen && (
            <button type="button" className="button" ref={manualOpener} onClick={() => setManualOpen(true)} data-testid="manual-weight-open">
              Enter weight by hand…
            </button>
          )}
          {detail.requirements.weigh === 'optional' && <SkipStepForm detail={detail} skip={SKIP} onDone={onDone} />}
        </div>
      </div>
      {manualOpen && (
        <form className="subform" onSubmit={submitManual} onKeyDown={escapeCloses(() => setManualOpen(false))} noValidate data-testid="manual-weight-form">
          <h3>Enter the weight by hand</h3>
          <ErrorNotice error={manual.error} />
          <div className="field-pair">
            <TextField label={`Weight in ${unit}`} inputMode="decimal" value={weightText} onValue={setWeightText} testId="manual-weight-value" autoFocus />
            <TextField label="Why by hand?" hint="For example: scale out of order, item too large." value={reason} onValue={setReason} testId="manual-weight-reason" />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={manual.busy} data-testid="manual-weight-submit">
              Record this weight
            </button>
            <button type="button" className="button" onClick={() => setManualOpen(false)} data-testid="manual-weight-cancel">
              Cancel (Esc)
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export const weighStep = {
  id: 'weigh',
  name: 'Weigh',
  answers: ['weigh', 'weigh-or-skip'],
  showsFirst: null,
  isDone: (detail) => detail.weights.length > 0,
  skip: SKIP,
  summary: {
    term: 'Weight',
    says: (detail, unit) => {
      const weight = detail.weights.at(-1);
      return weight ? `${formatWeight(weight.grams, unit)} (${weight.source === 'manual' ? `typed: ${weight.manualReason ?? ''}` : 'from the scale'})` : null;
    },
    none: 'Not weighed',
  },
  Screen: WeighStep,
} as const satisfies WorkspaceStep;
