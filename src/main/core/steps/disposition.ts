import { dispositionContract, StationFailure, type Operator, type Recipient } from '../../../shared/contract/index.ts';
import { assertNever } from '../../../shared/domain/index.ts';
import { operatorOf } from '../../commands/index.ts';
import { answer, screeningStep, type StepContext } from './screeningStep.ts';

/** Who took the item, as the record keeps it: a badge is looked up, a name is kept as typed. */
function receivedBy(ctx: StepContext, recipient: Recipient): Record<string, unknown> {
  switch (recipient.kind) {
    case 'name':
      return { kind: 'name', name: recipient.name };
    case 'badge': {
      const person = ctx.store.operators.byBadge(recipient.badge);
      return person ? { kind: 'badge', badge: recipient.badge, name: person.name, operatorId: person.id } : { kind: 'badge', badge: recipient.badge, name: null };
    }
    default:
      return assertNever(recipient, 'recipient');
  }
}

function deliver(ctx: StepContext, custodyId: string, operator: Operator, recipient: Recipient): void {
  const disposition = { outcome: 'delivered', receivedBy: receivedBy(ctx, recipient), confirmedBy: operator.id, at: ctx.nowIso() };
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'deliver' },
    kind: 'item.delivered',
    payload: () => disposition,
    write: () => ctx.store.items.setDisposition(custodyId, disposition),
    event: (item) => ({ kind: 'item.delivered', custodyId, mode: item.mode, operator }),
  });
}

function returnItem(ctx: StepContext, custodyId: string, operator: Operator, reason: string): void {
  const disposition = { outcome: 'returned', reason, by: operator.id, at: ctx.nowIso() };
  ctx.itemStep({ custodyId, operator, next: { kind: 'return' }, kind: 'item.returned', payload: () => disposition, write: () => ctx.store.items.setDisposition(custodyId, disposition) });
}

/**
 * Voids an item taken in by mistake (the lifecycle allows it only before any screening step). A
 * screener voids only what they took in themselves; a coordinator or admin any item (DESIGN.md,
 * "Who can do what"). The record stays, with the reason as its disposition.
 */
function voidItem(ctx: StepContext, custodyId: string, operator: Operator, reason: string): void {
  const item = ctx.item(custodyId);
  if (operator.role === 'screener' && item.receivedBy !== ctx.actor(operator)) {
    throw new StationFailure('FORBIDDEN', 'Only the operator who took this item in, or a coordinator, can void it. Ask a coordinator.');
  }
  const disposition = { outcome: 'voided', reason, by: operator.id, at: ctx.nowIso() };
  ctx.itemStep({ custodyId, operator, next: { kind: 'void' }, kind: 'item.voided', payload: () => disposition, write: () => ctx.store.items.setDisposition(custodyId, disposition) });
}

export const dispositionStep = screeningStep(dispositionContract, {
  facts: () => ({}),
  detail: (_ctx, _item, extras) => ({ disposition: extras.disposition }),
  handlers: (ports) => ({
    'item.deliver': ({ custodyId, recipient }, { session }) => {
      const id = ports.workOn(custodyId);
      deliver(ports.ctx, id, operatorOf(session), recipient);
      return answer(ports, id);
    },
    'item.return': ({ custodyId, reason }, { session }) => {
      const id = ports.workOn(custodyId);
      returnItem(ports.ctx, id, operatorOf(session), reason);
      return answer(ports, id);
    },
    'item.void': ({ custodyId, reason }, { session }) => {
      const id = ports.workOn(custodyId);
      voidItem(ports.ctx, id, operatorOf(session), reason);
      return answer(ports, id);
    },
  }),
});
