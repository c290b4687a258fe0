import type {
  CommandName,
  IncidentType,
  IncidentView,
  Item,
  ItemDetail,
  ItemState,
  ItemStepKind,
  ItemStepPayload,
  Operator,
  ScaleReading,
  StepContract,
  SuspectXrayReview,
} from '../../../shared/contract/index.ts';
import type { CommandHandler } from '../../commands/index.ts';
import type { IncidentItemField } from '../../reports/index.ts';
import type { ItemRecordRepositories, Store, TrainingRepository } from '../../store/index.ts';
import type { ItemAction, ItemFacts } from '../../workflow/index.ts';
import type { DomainEvent } from '../domainEvents.ts';

// What a screening step's module in main is made of, and the ports its work is given. A leaf: it
// imports no step, and neither the workflow context nor the services that iterate the steps (they
// import the registry), so the steps and their users make no cycle.

/** One step of an item's lifecycle, as WorkflowContext.itemStep takes it. */
export interface ItemStepRequest<K extends ItemStepKind> {
  custodyId: string;
  operator: Operator;
  next: ItemAction;
  kind: K;
  payload: (item: Item, next: ItemState) => ItemStepPayload<K>;
  write?: (item: Item) => void;
  /** What happened, for the reactions: heard inside the transaction (`within`) and after it commits (`on`). */
  event?: (item: Item) => DomainEvent;
}

/** What a step's work uses of the workflow context (WorkflowContext implements it). */
export interface StepContext {
  readonly store: Store;
  readonly records: ItemRecordRepositories;
  readonly training: TrainingRepository;
  readonly now: () => Date;
  nowIso(): string;
  today(): string;
  item(custodyId: string): Item;
  actor(operator: Operator): string;
  /** The state the pure lifecycle allows `action` to lead to, or its refusal as INVALID_STATE. */
  decideOrRefuse(item: Item, action: ItemAction): ItemState;
  /** One step, all or nothing: the lifecycle decides, the step's records, the new state and its audit event are written. */
  itemStep<K extends ItemStepKind>(step: ItemStepRequest<K>): void;
  /** Publishes the item's new summary to every logged-in screen. */
  announce(custodyId: string): Item;
}

/** The item's own columns beside its state: details, clearance, disposition, incident. */
export type ItemExtras = NonNullable<ReturnType<Store['items']['extras']>>;

/** The latest reading each scale reported, kept by the station from the devices. */
export interface ScaleSource {
  latestReading(deviceId?: string): ScaleReading | null;
  /** Why this reading's load may not become this item's weight (it was there before, or was captured); null when it may. */
  staleLoadRefusal(reading: ScaleReading, custodyId: string): string | null;
  /** The scale's load became an item's weight: no other item may take it until it changes. */
  captured(deviceId: string): void;
}

/** Asks an X-ray cabinet for a scan; the cabinet (or its adapter's safety gate) may refuse. */
export interface CabinetControl {
  requestScan(deviceId: string | undefined, scanRef: string): Promise<{ accepted: true; deviceId: string } | { accepted: false; reason: string }>;
}

/** Opens an incident for an item found suspect (IncidentService.openForItem). */
export interface SuspectIncidents {
  openForItem(
    custodyId: string,
    operator: Operator,
    type: IncidentType,
    reason: string,
    options?: { indicators?: string[]; write?: () => void; xray?: SuspectXrayReview },
  ): { detail: ItemDetail; incident: IncidentView };
}

/** What a step's work and handlers are given: the context, the devices it drives, and the station's answers. */
export interface StepPorts {
  readonly ctx: StepContext;
  readonly scales: ScaleSource;
  readonly cabinets: CabinetControl;
  readonly incidents: SuspectIncidents;
  /** The item's detail as it stands now, every step's part. */
  detail(custodyId: string): ItemDetail;
  /** Each step's command makes its item the station's work in progress; returns the custody ID. */
  workOn(custodyId: string): string;
}

/** The step's fields of ItemDetail, as its contract names them. */
type DetailPart<C extends StepContract> = { [K in keyof C['detail'] & keyof ItemDetail]: ItemDetail[K] };
/** A handler for each of the step's commands, typed from its contract. */
type StepHandlers<C extends StepContract> = { [N in keyof C['commands'] & CommandName]: CommandHandler<N> };

/**
 * One screening step in main: its contract, what it adds to the facts the lifecycle decides on, its
 * records in the item's detail, its lines in the incident report, and its commands' handlers (the
 * step's work, through `ctx.itemStep` so the lifecycle rules on it).
 */
export interface ScreeningStepParts<C extends StepContract, F extends Partial<ItemFacts>> {
  /** The facts of ItemFacts this step's records tell (the others are other steps'). */
  facts(ctx: StepContext, item: Item): F;
  detail(ctx: StepContext, item: Item, extras: ItemExtras): DetailPart<C>;
  /** Its lines in the incident report's "The item" (item null: the item's record is purged). */
  report?(item: ItemDetail | null): IncidentItemField[];
  handlers(ports: StepPorts): StepHandlers<C>;
}

export type ScreeningStepModule<C extends StepContract = StepContract, F extends Partial<ItemFacts> = Partial<ItemFacts>> = ScreeningStepParts<C, F> & { readonly contract: C };

/** Joins a step's contract to its parts, keeping their exact types. */
export function screeningStep<const C extends StepContract, F extends Partial<ItemFacts>>(contract: C, parts: ScreeningStepParts<C, F>): ScreeningStepModule<C, F> {
  return { contract, ...parts };
}

/** A step command's answer: the item's detail after it. */
export function answer(ports: Pick<StepPorts, 'detail'>, custodyId: string): { detail: ItemDetail } {
  return { detail: ports.detail(custodyId) };
}
