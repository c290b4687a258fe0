import type { ItemDetail, SkippableStep } from '../../shared/contract/index.ts';
import { indicatorByCode } from '../../shared/domain/index.ts';
import { useAction } from '../hooks/index.ts';
import { useDisplayUnit } from '../site/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { formatWeight } from '../ui/index.ts';
import { XRAY_VERDICT_NAMES } from '../ui/index.ts';
import { LazyLabelPanel } from './LazyLabelPanel.tsx';

/** What was done, in one look, before the operator puts their name to the clearance. */
export function ScreeningSummary({ detail }: { detail: ItemDetail }) {
  const unit = useDisplayUnit();
  const weight = detail.weights.at(-1);
  const skip = (step: SkippableStep) => detail.skips.find((s) => s.step === step);
  const scan = detail.xrayScans.at(-1);
  return (
    <dl className="summary" data-testid="screening-summary">
      <div>
        <dt>Weight</dt>
        <dd>
          {weight ? `${formatWeight(weight.grams, unit)} (${weight.source === 'manual' ? `typed: ${weight.manualReason ?? ''}` : 'from the scale'})` : skip('weigh') ? `Skipped: ${skip('weigh')!.reason}` : 'Not weighed'}
        </dd>
      </div>
      <div>
        <dt>Inspection</dt>
        <dd>
          {detail.inspection === null
            ? 'Not inspected'
            : detail.inspection.indicators.length === 0
              ? 'No indicators'
              : detail.inspection.indicators.map((code) => indicatorByCode(code)?.label ?? code).join('; ')}
          {detail.inspection?.notes ? ` — ${detail.inspection.notes}` : ''}
        </dd>
      </div>
      <div>
        <dt>X-ray</dt>
        <dd>
          {scan
            ? `${XRAY_VERDICT_NAMES[scan.secondVerdict ?? scan.verdict ?? 'inconclusive']}${scan.secondVerdict ? ' (after a second review)' : ''}`
            : skip('xray')
              ? `Skipped: ${skip('xray')!.reason}`
              : 'Not X-rayed'}
        </dd>
      </div>
    </dl>
  );
}

/** Clearing is the operator's decision and signature; the station prints the clearance label. */
export function ClearStep({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const clear = async () => {
    const result = await action.run(() => station.call('item.clear', { custodyId: detail.item.custodyId }));
    if (result) onDone(result.detail);
  };
  return (
    <div className="step-form" data-testid="clear-step">
      <h2 className="step-title" tabIndex={-1}>Clear the item</h2>
      <ScreeningSummary detail={detail} />
      <p className="lead">Clearing records you as the screener and prints this clearance label. Press SUSPECT instead if anything worries you.</p>
      <div className="step-actions">
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button type="button" className="button button-ok button-large" disabled={action.busy} onClick={clear} data-testid="clear-submit">
            Clear and print label
          </button>
        </div>
      </div>
      <div className="clear-label-draft">
        <LazyLabelPanel custodyId={detail.item.custodyId} template="clearance" draft />
      </div>
    </div>
  );
}
