import { StationFailure, type AuditPayload, type Item, type ItemState, type ItemStepKind, type Operator, type RecordMode } from '../../shared/contract/index.ts';
import type { Store } from '../store/index.ts';
import { itemRecordRepositories, type ItemRecordRepositories } from '../store/index.ts';
import { IncidentRepository } from '../store/index.ts';
import type { CustodyRepository } from '../store/index.ts';
import { SiteSettingsRepository } from '../store/index.ts';
import { TrainingRepository } from '../store/index.ts';
import { DEFAULT_SCREENING_POLICY, type ScreeningPolicy } from '../workflow/index.ts';
import { decide, type ItemAction, type ItemFacts, type PolicyContext } from '../workflow/index.ts';
import type { EventBus } from './eventBus.ts';
import { stderrLog, type Log } from '../log.ts';
import { DomainEvents } from './domainEvents.ts';
import { stepFacts, type ItemStepRequest, type StepContext } from './steps/index.ts';

/**
 * What the workflow services share: the store and its repositories, the clock, the event bus,
 * and the facts the pure lifecycle decides on.
 */
export class WorkflowContext implements StepContext {
  readonly store: Store;
  readonly bus: EventBus;
  readonly mode: RecordMode;
  readonly now: () => Date;
  readonly records: ItemRecordRepositories;
  readonly incidents: IncidentRepository;
  readonly custody: CustodyRepository;
  readonly settings: SiteSettingsRepository;
  readonly training: TrainingRepository;
  readonly policy: ScreeningPolicy;
  /** What the services announce as they record each step; the composition root subscribes reactions. */
  readonly domainEvents: DomainEvents;

  constructor(store: Store, bus: EventBus, mode: RecordMode, now: () => Date, log: Pick<Log, 'error'> = stderrLog(), policy: ScreeningPolicy = DEFAULT_SCREENING_POLICY) {
    this.domainEvents = new DomainEvents((error, event) => log.error(`a reaction to ${event.kind} (${event.custodyId}) failed:`, error));
    this.store = store;
    this.bus = bus;
    this.mode = mode;
    this.now = now;
    this.policy = policy;
    this.records = itemRecordRepositories(store.db);
    this.incidents = new IncidentRepository(store.db);
    // Custody transfers are one of the item record tables: the same repository, not a second one.
    this.custody = this.records.custody_transfers;
    this.settings = new SiteSettingsRepository(store.db);
    this.training = new TrainingRepository(store.db);
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  today(): string {
    return this.nowIso().slice(0, 10);
  }

  policyContext(): PolicyContext {
    return { policy: this.policy, riskLevel: this.settings.read().riskLevel };
  }

  item(custodyId: string): Item {
    const item = this.store.items.byCustodyId(custodyId);
    if (!item) throw new StationFailure('NOT_FOUND', `No item has custody ID ${custodyId}. Scan its label again.`);
    return item;
  }

  /** What the lifecycle decides on: the item's state and type, and what each step's records tell (steps/). */
  facts(item: Item): ItemFacts {
    return { state: item.state, itemType: item.itemType, ...stepFacts(this, item) };
  }

  actor(operator: Operator): string {
    return `operator:${operator.id}`;
  }

  /** The state the pure lifecycle allows `action` to lead to, or its refusal as INVALID_STATE. */
  decideOrRefuse(item: Item, action: ItemAction): ItemState {
    const decision = decide(this.facts(item), action, this.policyContext());
    if (!decision.ok) throw new StationFailure('INVALID_STATE', decision.reason);
    return decision.next;
  }

  /**
   * One step of an item's lifecycle, all or nothing: the pure lifecycle decides, the step's own
   * records are written, the new state and its audit event are stored; then the screens hear of it.
   */
  itemStep<K extends ItemStepKind>(step: ItemStepRequest<K>): void {
    const event = this.store.transaction(() => {
      const item = this.item(step.custodyId);
      const next = this.decideOrRefuse(item, step.next);
      step.write?.(item);
      this.store.items.setState(step.custodyId, next, this.nowIso());
      this.store.audit.append({
        actor: this.actor(step.operator),
        kind: step.kind,
        subjectType: 'item',
        subjectId: step.custodyId,
        mode: item.mode,
        // The step's own fields and the move: TypeScript cannot join an Omit<> of a generic back together.
        payload: { ...step.payload(item, next), from: item.state, to: next } as AuditPayload<K>,
      });
      const happened = step.event?.(item);
      if (happened) this.domainEvents.recording(happened);
      return happened;
    });
    this.announce(step.custodyId);
    if (event) this.domainEvents.emit(event);
  }

  /** Publishes the item's new summary to every logged-in screen. */
  announce(custodyId: string): Item {
    const item = this.item(custodyId);
    this.bus.publish('item.changed', { item, reason: 'updated' });
    return item;
  }
}
