import { skipContract, type Item, type Operator, type SkippableStep } from '../../../shared/contract/index.ts';
import { operatorOf } from '../../commands/index.ts';
import { skipAction } from '../../workflow/index.ts';
import { answer, screeningStep, type StepContext } from './screeningStep.ts';

/** Skips a step the site policy lets be skipped, with the reason: the lifecycle rules on the step's own skip action. */
function skipWithReason(ctx: StepContext, custodyId: string, operator: Operator, step: SkippableStep, reason: string): void {
  ctx.itemStep({
    custodyId,
    operator,
    next: skipAction(step),
    kind: 'item.stepSkipped',
    payload: () => ({ step, reason }),
    write: () => ctx.records.step_skips.add(custodyId, { step, reason, operatorId: operator.id, at: ctx.nowIso() }),
  });
}

/** Whether the site let `step` be skipped for the item: each skippable step's facts ask. */
export function skipped(ctx: StepContext, item: Item, step: SkippableStep): boolean {
  return ctx.records.step_skips.forItem(item.custodyId).some((s) => s.step === step);
}

export const skipStep = screeningStep(skipContract, {
  // The skips are facts of the steps skipped (weighSkipped, xraySkipped): each step reads its own.
  facts: () => ({}),
  detail: (ctx, item) => ({ skips: ctx.records.step_skips.forItem(item.custodyId) }),
  handlers: (ports) => ({
    'item.skipStep': ({ custodyId, step, reason }, { session }) => {
      const id = ports.workOn(custodyId);
      skipWithReason(ports.ctx, id, operatorOf(session), step, reason);
      return answer(ports, id);
    },
  }),
});
