import type { CustodyTransferView, IncidentType, Operator, RecordMode } from '../../shared/contract/index.ts';

/** Custody steps, each announced as what happened to the item. */
export type CustodyStep = CustodyTransferView['kind'];
export const CUSTODY_EVENT = {
  quarantine: 'item.quarantined',
  transfer: 'custody.transferred',
  handOver: 'item.handedOver',
  release: 'item.released',
  destroy: 'item.destroyed',
} as const satisfies Record<CustodyStep, string>;

/**
 * What happened, announced as it is recorded: to the `within` reactions inside the transaction
 * that records it (after its audit event), and to the `on` reactions once that transaction has
 * committed, so an `on` reaction sees only what is stored for good.
 */
export type DomainEvent =
  | { kind: 'item.received'; custodyId: string; mode: RecordMode; actor: string }
  | { kind: 'item.cleared'; custodyId: string; mode: RecordMode; operator: Operator }
  | { kind: 'item.markedSuspect'; custodyId: string; mode: RecordMode; operator: Operator; incidentId: number; incidentType: IncidentType }
  | { kind: 'item.delivered'; custodyId: string; mode: RecordMode; operator: Operator }
  | { kind: 'incident.closed'; incidentId: number; custodyId: string; mode: RecordMode; operator: Operator }
  | { kind: (typeof CUSTODY_EVENT)[CustodyStep]; custodyId: string; mode: RecordMode; operator: Operator };

export type DomainEventKind = DomainEvent['kind'];
export type DomainEventOf<K extends DomainEventKind> = Extract<DomainEvent, { kind: K }>;

/** What a service needs to announce: `recording` inside its transaction, `emit` after it returns. */
export interface DomainEventSink {
  /** Inside the transaction that records the event, after its audit event: the work that must exist iff the step was committed. */
  recording(event: DomainEvent): void;
  emit(event: DomainEvent): void;
}

/**
 * The services' announcements and the reactions the composition root subscribes to them
 * (labels now; site publishing and notifications next). Reactions run synchronously, in the order
 * they subscribed, before emit() returns. A reaction that throws is reported and does not reach
 * the service: its step is already recorded, and the operator must not be told it failed.
 *
 * A reaction that must not be lost to a crash between the commit and the reaction (a label, a
 * webhook, a notice) subscribes `within` instead: it runs inside the service's transaction and adds
 * its job there (JobQueue.add), so the job exists if and only if its cause was committed.
 */
export class DomainEvents implements DomainEventSink {
  readonly #reactions = new Map<DomainEventKind, Set<(event: DomainEvent) => void>>();
  readonly #within = new Map<DomainEventKind, Set<(event: DomainEvent) => void>>();
  readonly #onError: (error: unknown, event: DomainEvent) => void;

  constructor(onError: (error: unknown, event: DomainEvent) => void) {
    this.#onError = onError;
  }

  /** Subscribes a reaction to one kind, run after the commit; returns the unsubscribe. */
  on<K extends DomainEventKind>(kind: K, reaction: (event: DomainEventOf<K>) => void): () => void {
    return subscribe(this.#reactions, kind, reaction);
  }

  /**
   * Subscribes a reaction run inside the transaction that records the event. Its own writes go in
   * a nested transaction (a savepoint, as JobQueue's callers do): when it throws, they roll back
   * alone, it is reported, and the step is still committed.
   */
  within<K extends DomainEventKind>(kind: K, reaction: (event: DomainEventOf<K>) => void): () => void {
    return subscribe(this.#within, kind, reaction);
  }

  recording(event: DomainEvent): void {
    this.#run(this.#within, event);
  }

  emit(event: DomainEvent): void {
    this.#run(this.#reactions, event);
  }

  #run(reactions: Map<DomainEventKind, Set<(event: DomainEvent) => void>>, event: DomainEvent): void {
    for (const react of [...(reactions.get(event.kind) ?? [])]) {
      try {
        react(event);
      } catch (error) {
        this.#onError(error, event);
      }
    }
  }
}

function subscribe<K extends DomainEventKind>(
  reactions: Map<DomainEventKind, Set<(event: DomainEvent) => void>>,
  kind: K,
  reaction: (event: DomainEventOf<K>) => void,
): () => void {
  let ofKind = reactions.get(kind);
  if (!ofKind) {
    ofKind = new Set();
    reactions.set(kind, ofKind);
  }
  // The map is keyed by kind, so only events of kind K reach this reaction.
  const react = reaction as (event: DomainEvent) => void;
  ofKind.add(react);
  return () => {
    ofKind.delete(react);
  };
}
