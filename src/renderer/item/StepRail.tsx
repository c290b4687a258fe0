import type { ItemDetail } from '../../shared/contract/index.ts';
import { stepStatuses, type StepStatus } from './steps.ts';
import { WORKSPACE_STEPS } from './workspaceSteps.ts';

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
      {WORKSPACE_STEPS.map(({ id, name }) => (
        <li key={id} className={`rail-step rail-${statuses[id]}`} aria-current={statuses[id] === 'current' ? 'step' : undefined} data-testid={`rail-${id}`} data-status={statuses[id]}>
          <span className="rail-mark" aria-hidden="true">
            {STATUS_MARKS[statuses[id]]}
          </span>
          <span className="rail-name">{name}</span>
          <span className="rail-status">{STATUS_WORDS[statuses[id]]}</span>
        </li>
      ))}
    </ol>
  );
}
