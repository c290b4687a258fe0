import type { Item, RecordMode } from '../../shared/contract/index.ts';
import { dueNotices, noticeAddressees, noticeMessage, waitingDays } from '../notify/index.ts';
import type { ItemRecipient, NoticeDeliveries, NoticeFacts, NoticeKind, NoticeSettings, RecipientLookup } from '../notify/index.ts';
import { NoticeReadModel } from '../store/index.ts';
import type { DomainEvents } from './domainEvents.ts';
import type { WorkflowContext } from './workflowContext.ts';

type Sources = Pick<WorkflowContext, 'item' | 'incidents' | 'store'>;

export interface NoticePorts {
  events: DomainEvents;
  deliveries: NoticeDeliveries;
  settings: NoticeSettings;
  /** The directory; none yet means only the security coordinators' alerts can go out. */
  recipients: RecipientLookup | null;
  sources: Sources;
  now: () => Date;
  report: (message: string) => void;
}

/**
 * The station's e-mail notices. No notice ever goes out for an item that is not cleared: the
 * recipient's first notice is queued inside the transaction that clears the item, and a suspect
 * item alerts the security coordinators instead (never its recipient). Reminders and escalations
 * follow from `runSchedule`. A notice that cannot be queued never undoes the step (its own
 * savepoint; the problem is reported).
 */
export class NoticeReactions {
  readonly #ports: NoticePorts;
  readonly #read: NoticeReadModel;

  constructor(ports: NoticePorts) {
    this.#ports = ports;
    this.#read = new NoticeReadModel(ports.sources.store.db);
  }

  /** Subscribes to the steps that cause notices; returns the unsubscribe. */
  subscribe(): () => void {
    const { events } = this.#ports;
    const offs = [
      events.within('item.cleared', ({ custodyId, mode }) => this.#queue('ready', custodyId, mode, null)),
      events.within('item.markedSuspect', ({ custodyId, mode, incidentId }) => this.#queue('security-alert', custodyId, mode, incidentId)),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Queues the reminders and escalations that are due now; returns how many. */
  runSchedule(): number {
    const now = this.#ports.now();
    let queued = 0;
    for (const due of dueNotices(this.#read, this.#ports.settings, now)) {
      if (this.#queue(due.kind, due.custodyId, due.mode, null, waitingDays(due.toldAt, now))) queued += 1;
    }
    return queued;
  }

  #facts(item: Item, recipient: ItemRecipient | null, incidentId: number | null, days: number): NoticeFacts {
    const incident = incidentId === null ? null : this.#ports.sources.incidents.byId(incidentId);
    return {
      name: recipient?.name ?? 'colleague',
      custodyId: item.custodyId,
      itemType: item.itemType ?? 'item',
      carrier: item.carrier ?? '',
      trackingNumber: item.trackingNumber ?? '',
      collectAt: this.#ports.settings.collectAt,
      receivedAt: item.receivedAt.slice(0, 10),
      waitingDays: String(days),
      station: this.#ports.sources.store.stationId,
      incidentNumber: incident?.number ?? '',
      incidentType: incident?.type ?? '',
    };
  }

  /** Queues one notice when it has someone to go to; true when it was queued. */
  #queue(kind: NoticeKind, custodyId: string, mode: RecordMode, incidentId: number | null, days = 0): boolean {
    const { sources, settings, deliveries, recipients } = this.#ports;
    try {
      return sources.store.transaction(() => {
        // A suspect item's recipient is not looked up at all: nothing about it may reach them.
        const recipient = kind === 'security-alert' ? null : (recipients?.forItem(custodyId) ?? null);
        const to = noticeAddressees(kind, mode, recipient, settings);
        if (to.length === 0) return false;
        const message = noticeMessage(kind, settings, this.#facts(sources.item(custodyId), recipient, incidentId, days));
        deliveries.queue({ custodyId, kind, to, ...message }, mode);
        return true;
      });
    } catch (error) {
      this.#ports.report(`${kind} notice for ${custodyId} not queued: ${(error as Error).message}`);
      return false;
    }
  }
}
