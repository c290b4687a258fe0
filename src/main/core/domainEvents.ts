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
 * What happened, announced once it is recorded. Each is emitted after the transaction that
 * recorded it has committed, never from inside it: a reaction sees only what is stored for good.
 */
export type DomainEvent =
  | { kind: 'item.received'; custodyId: string; mode: RecordMode; actor: string }
  | { kind: 'item.cleared'; custodyId: string; mode: RecordMode; operator: Operator }
  | { kind: 'item.markedSuspect'; custodyId: string; mode: RecordMode; operator: Operator; incidentId: number; incidentType: IncidentType }
  | { kind: (typeof CUSTODY_EVENT)[CustodyStep]; custodyId: string; mode: RecordMode; operator: Operator };

export type DomainEventKind = DomainEvent['kind'];
export type DomainEventOf<K extends DomainEventKind> = Extract<DomainEvent, { kind: K }>;

/** What a service needs to announce: emit after its transaction returns. */
export interface DomainEventSink {
  emit(event: DomainEvent): void;
}

/**
 * The services' announcements and the reactions the composition root subscribes to them
 * (labels now; site publishing and notifications next). Reactions run synchronously, in the order
 * they subscribed, before emit() returns. A reaction that throws is reported and does not reach
 * the service: its step is already recorded, and the operator must not be told it failed.
 *
 * A reaction that must not be lost to a crash between the commit and the reaction (a webhook,
 * a notice) adds its job in the service's transaction instead (JobQueue.add), not here.
 */
export class DomainEvents implements DomainEventSink {
  readonly #reactions = new Map<DomainEventKind, Set<(event: DomainEvent) => void>>();
  readonly #onError: (error: unknown, event: DomainEvent) => void;

  constructor(onError?: (error: unknown, event: DomainEvent) => void) {
    this.#onError = onError ?? ((error, event) => console.error(`mailscreen: a reaction to ${event.kind} (${event.custodyId}) failed:`, error));
  }

  /** Subscribes a reaction to one kind; returns the unsubscribe. */
  on<K extends DomainEventKind>(kind: K, reaction: (event: DomainEventOf<K>) => void): () => void {
    let reactions = this.#reactions.get(kind);
    if (!reactions) {
      reactions = new Set();
      this.#reactions.set(kind, reactions);
    }
    // The map is keyed by kind, so only events of kind K reach this reaction.
    const react = reaction as (event: DomainEvent) => void;
    reactions.add(react);
    return () => {
      reactions.delete(react);
    };
  }

  emit(event: DomainEvent): void {
    for (const react of [...(this.#reactions.get(event.kind) ?? [])]) {
      try {
        react(event);
      } catch (error) {
        this.#onError(error, event);
      }
    }
  }
}
