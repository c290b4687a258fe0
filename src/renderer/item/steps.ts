import type { ItemActionKind, ItemDetail, NextStep, SkippableStep } from '../../shared/contract/index.ts';
import { assertNever } from '../../shared/domain/index.ts';

export type StepId = 'details' | 'weigh' | 'inspect' | 'xray' | 'clear' | 'deliver';
export type StepStatus = 'done' | 'skipped' | 'current' | 'todo' | 'not-needed';

export const STEP_NAMES: Readonly<Record<StepId, string>> = {
  details: 'Details',
  weigh: 'Weigh',
  inspect: 'Inspect',
  xray: 'X-ray',
  clear: 'Clear',
  deliver: 'Deliver',
};

/** The step of the rail a skipped step of the record stands for (the rail's other steps are never skipped). */
const SKIPPED_AS: Readonly<Record<StepId, SkippableStep | null>> = {
  details: null,
  weigh: 'weigh',
  inspect: null,
  xray: 'xray',
  clear: null,
  deliver: null,
};

/**
 * Whether the station says the item allows this now (main decides again when it is asked): screens
 * show what this allows instead of keeping their own lists of states.
 */
export function allows(detail: ItemDetail, action: ItemActionKind): boolean {
  return detail.allowedActions.includes(action);
}

/** Which step the workspace shows now, from the station's own `nextSteps`. */
export function currentStep(detail: ItemDetail): StepId | 'done' | 'incident' {
  // An item still without a type starts with its details while the type may still be set.
  if (detail.item.itemType === null && allows(detail, 'changeItemType')) return 'details';
  return stepOf(detail.nextSteps[0]);
}

function stepOf(next: NextStep | undefined): StepId | 'done' | 'incident' {
  switch (next) {
    case 'weigh':
    case 'weigh-or-skip':
      return 'weigh';
    case 'inspect':
      return 'inspect';
    case 'xray':
    case 'xray-or-skip':
    case 'xray-verdict':
    case 'second-review':
      return 'xray';
    case 'clear':
      return 'clear';
    case 'deliver-or-return':
      return 'deliver';
    case 'quarantine':
    case 'hand-over-release-or-destroy':
      return 'incident';
    case undefined:
      return 'done';
    default:
      return assertNever(next, 'next step');
  }
}

const ORDER: readonly StepId[] = ['details', 'weigh', 'inspect', 'xray', 'clear', 'deliver'];

/** The step rail: what is done, skipped, now, still to do, for the operator's bearings. */
export function stepStatuses(detail: ItemDetail): Record<StepId, StepStatus> {
  const current = currentStep(detail);
  const skipped = (step: StepId) => {
    const skippable = SKIPPED_AS[step];
    return skippable !== null && detail.skips.some((skip) => skip.step === skippable);
  };
  const done: Record<StepId, boolean> = {
    details: detail.item.itemType !== null,
    weigh: detail.weights.length > 0,
    inspect: detail.inspection !== null,
    xray: detail.xrayScans.some((scan) => (scan.secondVerdict ?? scan.verdict) === 'clear'),
    clear: detail.screened !== null,
    // A voided item's disposition is its voiding, not a delivery.
    deliver: detail.disposition !== null && detail.item.state !== 'VOIDED',
  };
  const currentIndex = current === 'done' || current === 'incident' ? ORDER.length : ORDER.indexOf(current);
  const statuses = {} as Record<StepId, StepStatus>;
  ORDER.forEach((step, index) => {
    if (done[step]) statuses[step] = 'done';
    else if (skipped(step)) statuses[step] = 'skipped';
    else if (step === current) statuses[step] = 'current';
    else if (index < currentIndex) statuses[step] = 'not-needed';
    else statuses[step] = 'todo';
  });
  return statuses;
}

export const STEP_ORDER = ORDER;
