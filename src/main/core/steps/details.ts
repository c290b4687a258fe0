import { detailsContract, type Dimensions, type ItemType, type Operator } from '../../../shared/contract/index.ts';
import { operatorOf } from '../../commands/index.ts';
import { answer, screeningStep, type StepContext } from './screeningStep.ts';

type DetailsInput = { itemType?: ItemType | undefined; recipient?: string | null | undefined; sender?: string | null | undefined; dimensions?: Dimensions | null | undefined };

/** Records the item's type, addressee, sender and size; the state stays (the lifecycle says while details are open). */
function setDetails(ctx: StepContext, custodyId: string, operator: Operator, input: DetailsInput): void {
  ctx.store.transaction(() => {
    const item = ctx.item(custodyId);
    const extras = ctx.store.items.extras(custodyId)!;
    const next = {
      itemType: input.itemType ?? item.itemType,
      recipient: input.recipient === undefined ? extras.recipient : input.recipient,
      sender: input.sender === undefined ? extras.sender : input.sender,
      dimensions: input.dimensions === undefined ? extras.dimensions : input.dimensions,
    };
    // The lifecycle decides when details are open, and when the type (which decides the steps) may change.
    const changesType = item.itemType !== null && next.itemType !== item.itemType;
    ctx.decideOrRefuse(item, { kind: changesType ? 'changeItemType' : 'recordDetails' });
    ctx.store.items.setDetails(custodyId, next, ctx.nowIso());
    ctx.store.audit.append({ actor: ctx.actor(operator), kind: 'item.detailsRecorded', subjectType: 'item', subjectId: custodyId, mode: item.mode, payload: { ...next } });
  });
  ctx.announce(custodyId);
}

export const detailsStep = screeningStep(detailsContract, {
  facts: () => ({}),
  detail: (_ctx, _item, extras) => ({ recipient: extras.recipient, sender: extras.sender, dimensions: extras.dimensions }),
  report: (detail) => [
    ['Addressee as shown', detail?.recipient ?? '—'],
    ['Sender as shown', detail?.sender ?? '—'],
  ],
  handlers: (ports) => ({
    'item.setDetails': ({ custodyId, ...input }, { session }) => {
      const id = ports.workOn(custodyId);
      setDetails(ports.ctx, id, operatorOf(session), input);
      return answer(ports, id);
    },
  }),
});
