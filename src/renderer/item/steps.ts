import type { ItemDetail, ItemState } from '../../shared/contract/index.ts';

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

/** States in which the item can still be marked suspect (main decides; this only hides the button). */
export const SUSPECT_ALLOWED: ReadonlySet<ItemState> = new Set(['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED']);
const DETAILS_OPEN: ReadonlySet<ItemState> = new Set(['RECEIVED', 'WEIGHED']);

/** Which step the workspace shows now, from the station's own `nextSteps`. */
export function currentStep(detail: ItemDetail): StepId | 'done' | 'incident' {
  const next = detail.nextSteps[0];
  if (detail.item.itemType === null && DETAILS_OPEN.has(detail.item.state)) return 'details';
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
    default:
      return 'done';
  }
}

const ORDER: readonly StepId[] = ['details', 'weigh', 'inspect', 'xray', 'clear', 'deliver'];

/** The step rail: what is done, skipped, now, still to do, for the operator's bearings. */
export function stepStatuses(detail: ItemDetail): Record<StepId, StepStatus> {
  const current = currentStep(detail);
  const skipped = (step: 'weigh' | 'xray') => detail.skips.some((skip) => skip.step === step);
  const done: Record<StepId, boolean> = {
    details: detail.item.itemType !== null,
    weigh: detail.weights.length > 0,
    inspect: detail.inspection !== null,
    xray: detail.xrayScans.some((scan) => (scan.secondVerdict ?? scan.verdict) === 'clear'),
    clear: detail.screened !== null,
    deliver: detail.disposition !== null,
  };
  const currentIndex = current === 'done' || current === 'incident' ? ORDER.length : ORDER.indexOf(current);
  const statuses = {} as Record<StepId, StepStatus>;
  ORDER.forEach((step, index) => {
    if (done[step]) statuses[step] = 'done';
    else if ((step === 'weigh' || step === 'xray') && skipped(step)) statuses[step] = 'skipped';
    else if (step === current) statuses[step] = 'current';
    else if (index < currentIndex) statuses[step] = 'not-needed';
    else statuses[step] = 'todo';
  });
  return statuses;
}

export const STEP_ORDER = ORDER;
