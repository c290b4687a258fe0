import type { ItemDetail, NextStep } from '../../shared/contract/index.ts';
import { SCREEN_FOR_NEXT_STEP, WORKSPACE_STEPS, type StepId } from './workspaceSteps.ts';

export { allows } from './allows.ts';
export type { StepId } from './workspaceSteps.ts';
export type StepStatus = 'done' | 'skipped' | 'current' | 'todo' | 'not-needed';

/** Which step the workspace shows now, from the station's own `nextSteps`. */
export function currentStep(detail: ItemDetail): StepId | 'done' | 'incident' {
  // A step may come before the station's next one (the details, while the type may still be set).
  const first = WORKSPACE_STEPS.find((step) => step.showsFirst?.(detail) === true);
  if (first !== undefined) return first.id;
  return stepOf(detail.nextSteps[0]);
}

function stepOf(next: NextStep | undefined): StepId | 'done' | 'incident' {
  if (next === undefined) return 'done';
  const step = SCREEN_FOR_NEXT_STEP[next];
  // The contract's enum and the registry's check make this unreachable; a step never shows as done by mistake.
  if (step === undefined) throw new Error(`Unhandled next step: ${JSON.stringify(next)}`);
  return step;
}

/** The step rail: what is done, skipped, now, still to do, for the operator's bearings. */
export function stepStatuses(detail: ItemDetail): Record<StepId, StepStatus> {
  const current = currentStep(detail);
  const currentIndex = current === 'done' || current === 'incident' ? WORKSPACE_STEPS.length : WORKSPACE_STEPS.findIndex((step) => step.id === current);
  const statuses = {} as Record<StepId, StepStatus>;
  WORKSPACE_STEPS.forEach((step, index) => {
    const skip = step.skip;
    if (step.isDone(detail)) statuses[step.id] = 'done';
    else if (skip !== null && detail.skips.some((s) => s.step === skip.step)) statuses[step.id] = 'skipped';
    else if (step.id === current) statuses[step.id] = 'current';
    else if (index < currentIndex) statuses[step.id] = 'not-needed';
    else statuses[step.id] = 'todo';
  });
  return statuses;
}
