import type { ItemDetail } from '../../shared/contract/index.ts';
import { useDisplayUnit } from '../site/index.ts';
import { WORKSPACE_STEPS } from './workspaceSteps.ts';

/** What was done, in one look, before the operator puts their name to the clearance: each step's line, in the rail's order. */
export function ScreeningSummary({ detail }: { detail: ItemDetail }) {
  const unit = useDisplayUnit();
  return (
    <dl className="summary" data-testid="screening-summary">
      {WORKSPACE_STEPS.map(({ id, skip, summary }) => {
        if (summary === null) return null;
        const skipped = skip === null ? undefined : detail.skips.find((s) => s.step === skip.step);
        return (
          <div key={id}>
            <dt>{summary.term}</dt>
            <dd>{summary.says(detail, unit) ?? (skipped ? `Skipped: ${skipped.reason}` : summary.none)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
