import { NoticeReadModel } from '../store/index.ts';
import type { WorkflowContext } from './workflowContext.ts';

/**
 * An item's audit events, oldest first, each with the name of the operator who acted (null for a
 * device or the system): its own, and those of the e-mail notices about it (their fate is the item's story).
 */
export function itemHistory(ctx: Pick<WorkflowContext, 'item' | 'store'>, custodyId: string) {
  ctx.item(custodyId); // NOT_FOUND for an unknown item, as for every item command
  const names = new Map<string, string | null>();
  const nameOf = (actor: string): string | null => {
    if (!names.has(actor)) names.set(actor, actor.startsWith('operator:') ? (ctx.store.operators.byId(actor.slice('operator:'.length))?.name ?? null) : null);
    return names.get(actor) ?? null;
  };
  const notices = new NoticeReadModel(ctx.store.db).noticesOf(custodyId).flatMap((id) => ctx.store.audit.eventsFor('notice', String(id)));
  const events = [...ctx.store.audit.eventsFor('item', custodyId), ...notices].sort((a, b) => a.seq - b.seq);
  return events.map((e) => ({ ...e, actorName: nameOf(e.actor) }));
}
