import { z } from 'zod';

// The names of an item's lifecycle, in one file: its states and the stage of each, the screening
// steps the site policy rules on, what the station says comes next, and every action an operator
// can ask of an item. A new screening step adds its names here (the compiler then points at every
// table keyed by them: the lifecycle's rules, the words, the screens); its commands, records and
// audit events are its own module in steps/.

export const ItemState = z.enum([
  'RECEIVED',
  'WEIGHED',
  'INSPECTED',
  'SCREENED',
  'CLEARED',
  'DELIVERED',
  'RETURNED',
  'SUSPECT',
  'QUARANTINED',
  'HANDED_OVER',
  'RELEASED',
  'DESTROYED',
  /** Taken in by mistake (a misread code, a stray scan) and voided with a reason before any screening step. */
  'VOIDED',
]);
export type ItemState = z.infer<typeof ItemState>;

/** Where an item stands in its lifecycle: being screened, cleared, suspect, in quarantine, or closed. */
export type ItemStage = 'screening' | 'cleared' | 'suspect' | 'quarantined' | 'closed';

/**
 * The stage of each state. A record, so a new state cannot be added without placing it: the
 * lifecycle's rules ("before cleared?", "closed?") and every list of states below read it.
 */
export const ITEM_STAGE: Readonly<Record<ItemState, ItemStage>> = {
  RECEIVED: 'screening',
  WEIGHED: 'screening',
  INSPECTED: 'screening',
  SCREENED: 'screening',
  CLEARED: 'cleared',
  DELIVERED: 'closed',
  RETURNED: 'closed',
  SUSPECT: 'suspect',
  QUARANTINED: 'quarantined',
  HANDED_OVER: 'closed',
  RELEASED: 'closed',
  DESTROYED: 'closed',
  // Final like the other closed states (out of the work queue, kept and purged by retention like them).
  VOIDED: 'closed',
};

/** The states in any of these stages, in the contract's order. */
export function statesInStage(...stages: readonly ItemStage[]): ItemState[] {
  return ItemState.options.filter((state) => stages.includes(ITEM_STAGE[state]));
}

/** States in which an item is still being handled at the station (a rescan brings it up again): all but the closed ones. */
export const OPEN_ITEM_STATES: readonly ItemState[] = statesInStage('screening', 'cleared', 'suspect', 'quarantined');

/** The screening steps the site policy can make mandatory or let be skipped. Inspection is never skippable. */
export const ScreeningStep = z.enum(['weigh', 'inspect', 'xray']);
export type ScreeningStep = z.infer<typeof ScreeningStep>;
/** The steps the site policy may let be skipped with a reason. */
export const SkippableStep = ScreeningStep.exclude(['inspect']);
export type SkippableStep = z.infer<typeof SkippableStep>;

export const StepRequirement = z.enum(['required', 'optional']);
export type StepRequirement = z.infer<typeof StepRequirement>;

/**
 * What the station says comes next for an item, most pressing first: the workspace shows the step
 * of the first. `-or-skip` where the site policy lets the step be skipped with a reason.
 */
export const NextStep = z.enum([
  'weigh',
  'weigh-or-skip',
  'inspect',
  'xray',
  'xray-or-skip',
  'xray-verdict',
  'second-review',
  'clear',
  'deliver-or-return',
  'quarantine',
  'hand-over-release-or-destroy',
]);
export type NextStep = z.infer<typeof NextStep>;

/**
 * Everything an operator can ask of an item, as the item lifecycle names it. An item's detail lists
 * the ones its state and record allow now, so screens show only those; main decides again on every
 * command (the operator's role, training and second person are checked there, not here).
 */
export const ItemActionKind = z.enum([
  'recordDetails',
  'changeItemType',
  'weigh',
  'skipWeigh',
  'inspect',
  'requestXray',
  'recordXray',
  'secondReview',
  'skipXray',
  'clear',
  'deliver',
  'return',
  'markSuspect',
  'quarantine',
  'transferCustody',
  'handOver',
  'release',
  'destroy',
  /** An item taken in by mistake, before any screening step: the record stays, marked VOIDED. */
  'void',
]);
export type ItemActionKind = z.infer<typeof ItemActionKind>;
