import type { ItemDetail } from '../../shared/contract/index.ts';
import { STEP_NAMES, STEP_ORDER, stepStatuses, type StepStatus } from './steps.ts';

const STATUS_WORDS: Readonly<Record<StepStatus, string>> = {
  done: 'done',
  skipped: 'skipped',
  current: 'now',
  todo: 'to do',
  'not-needed': 'not needed',
};
const STATUS_MARKS: Readonly<Record<StepStatus, string>> = { done: '✓', skipped: '–', current: '▶', todo: '', 'not-needed': '–' };

/** Where the item stands in its screening, in words and marks (not colour alone). */
export function StepRail({ detail }: { detail: ItemDetail }) {
  const statuses = stepStatuses(detail);
  return (
    <ol className="step-rail" aria-label="Screening steps" data-testid="step-rail">
      {STEP_ORDER.map((step) => (
        <li key={step} className={`rail-step rail-${statuses[step]}`} aria-current={statuses[step] === 'current' ? 'step' : undefined} data-testid={`rail-${step}`} data-status={statuses[step]}>
          <span className="rail-mark" aria-hidden="true">
            {STATUS_MARKS[statuses[step]]}
          </span>
          <span className="rail-name">{STEP_NAMES[step]}</span>
          <span className="rail-status">{STATUS_WORDS[statuses[step]]}</span>
        </li>
      ))}
    </ol>
  );
}
