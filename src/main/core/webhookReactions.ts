import type { Item, RecordMode } from '../../shared/contract/index.ts';
import type { WebhookDeliveries, WebhookEvent, WebhookSubject } from '../notify/index.ts';
import type { DomainEvent, DomainEvents } from './domainEvents.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** What a notice about one item needs of the station. */
type Sources = Pick<WorkflowContext, 'item' | 'incidents' | 'nowIso' | 'store'>;

/**
 * The site's other systems hear what they asked for: the deliveries are queued inside the
 * transaction that records the step (`within`), so one exists if and only if the step committed.
 * Queuing writes in its own savepoint: a delivery that cannot be queued never undoes the step
 * (the problem is reported; the step's own record stands).
 */
export function subscribeWebhooks(events: DomainEvents, deliveries: WebhookDeliveries, sources: Sources, report: (message: string) => void): () => void {
  const subject = (custodyId: string, incidentId: number | null): WebhookSubject => {
    const item: Item = sources.item(custodyId);
    const row = incidentId === null ? null : sources.incidents.byId(incidentId);
    return {
      item: { custodyId: item.custodyId, trackingNumber: item.trackingNumber, carrier: item.carrier, itemType: item.itemType, state: item.state },
      incident: row ? { number: row.number, type: row.type } : null,
    };
  };
  const queue = (event: WebhookEvent, mode: RecordMode, custodyId: string, incidentId: number | null) => {
    if (!deliveries.wanted(event, mode)) return;
    try {
      sources.store.transaction(() =>
        deliveries.queue({ event, occurredAt: sources.nowIso(), station: sources.store.stationId, mode, subject: subject(custodyId, incidentId) }),
      );
    } catch (error) {
      report(`${event} notice for ${custodyId} not queued: ${(error as Error).message}`);
    }
  };
  const react = (event: DomainEvent) => {
    switch (event.kind) {
      case 'item.received':
      case 'item.cleared':
      case 'item.delivered':
        return queue(event.kind, event.mode, event.custodyId, null);
      case 'item.markedSuspect':
        queue('item.markedSuspect', event.mode, event.custodyId, event.incidentId);
        return queue('incident.opened', event.mode, event.custodyId, event.incidentId);
      case 'incident.closed':
        return queue('incident.closed', event.mode, event.custodyId, event.incidentId);
      default:
        return undefined;
    }
  };
  const unsubscribe = (['item.received', 'item.cleared', 'item.delivered', 'item.markedSuspect', 'incident.closed'] as const).map((kind) => events.within(kind, react));
  return () => unsubscribe.forEach((off) => off());
}
