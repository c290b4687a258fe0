import { clearContract, type Operator } from '../../../shared/contract/index.ts';
import { operatorOf } from '../../commands/index.ts';
import { answer, screeningStep, type StepContext } from './screeningStep.ts';

/** Clears the item: records how it was screened (visual, and X-ray where a scan was found clear); its label follows the event. */
function clear(ctx: StepContext, custodyId: string, operator: Operator): void {
  const scans = ctx.records.xray_scans.forItem(custodyId);
  const methods: Array<'visual' | 'xray'> = scans.some((s) => (s.secondVerdict ?? s.verdict) === 'clear') ? ['visual', 'xray'] : ['visual'];
  const screened = { methods, operatorId: operator.id, at: ctx.nowIso() };
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'clear' },
    kind: 'item.cleared',
    payload: () => ({ screened }),
    write: () => ctx.store.items.setScreened(custodyId, screened),
    event: (item) => ({ kind: 'item.cleared', custodyId, mode: item.mode, operator }),
  });
}

export const clearStep = screeningStep(clearContract, {
  facts: () => ({}),
  detail: (_ctx, _item, extras) => ({ screened: extras.screened }),
  handlers: (ports) => ({
    'item.clear': ({ custodyId }, { session }) => {
      const id = ports.workOn(custodyId);
      clear(ports.ctx, id, operatorOf(session));
      return answer(ports, id);
    },
  }),
});
