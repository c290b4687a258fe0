import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { LazyLabelPanel } from './LazyLabelPanel.tsx';
import type { StepScreenProps, WorkspaceStep } from './workspaceStep.ts';

/** Clearing is the operator's decision and signature; the station prints the clearance label. */
export function ClearStep({ detail, onDone, screeningSummary }: Pick<StepScreenProps, 'detail' | 'onDone' | 'screeningSummary'>) {
  const station = useStation();
  const action = useAction();
  const clear = async () => {
    const result = await action.run(() => station.call('item.clear', { custodyId: detail.item.custodyId }));
    if (result) onDone(result.detail);
  };
  return (
    <div className="step-form" data-testid="clear-step">
      <h2 className="step-title" tabIndex={-1}>Clear the item</h2>
      {screeningSummary}
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

export const clearStep = {
  id: 'clear',
  name: 'Clear',
  answers: ['clear'],
  showsFirst: null,
  isDone: (detail) => detail.screened !== null,
  skip: null,
  summary: null,
  Screen: ClearStep,
} as const satisfies WorkspaceStep;
