import { ITEM_STAGE, ItemActionKind, statesInStage, type ItemStage, ItemState, type ItemType, type NextStep, type RiskLevel, type SkippableStep, type XrayVerdict } from '../../shared/contract/index.ts';
import { assertNever } from '../../shared/domain/index.ts';
import { DEFAULT_SCREENING_POLICY, stepRequirement, type ScreeningPolicy } from './screeningPolicy.ts';
import { ITEM_STATE_NAMES } from '../../shared/words/index.ts';

/** A state as a refusal says it to the operator ("it is x-rayed"), never as stored (SCREENED). */
function stateWords(state: ItemState): string {
  return ITEM_STATE_NAMES[state].toLowerCase();
}

/**
 * The item lifecycle as pure functions: (what is known about the item, what the operator asks)
 * -> the next state, or a refusal in words the operator can act on. No I/O: the services load
 * the facts, call `decide`, and write the new state with its audit event in one transaction.
 *
 *   RECEIVED -> WEIGHED -> INSPECTED -> SCREENED (X-ray, where policy requires) -> CLEARED -> DELIVERED | RETURNED
 *   any step before CLEARED -> SUSPECT -> QUARANTINED -> HANDED_OVER | RELEASED | DESTROYED
 *   RECEIVED (taken in by mistake, before any screening step) -> VOIDED
 *
 * This is the one home of these rules: services ask `decide` before every change (details and
 * custody transfers included), and screens read `allowedActions` and `nextSteps` from the item's
 * detail instead of writing states out by hand.
 */

export type XrayProgress = 'none' | 'requested' | 'clear' | 'suspect' | 'inconclusive';

export interface ItemFacts {
  state: ItemState;
  itemType: ItemType | null;
  weighed: boolean;
  weighSkipped: boolean;
  inspected: boolean;
  indicatorCount: number;
  /** The latest X-ray scan's standing: its verdict, or the second reviewer's where there was one. */
  xray: XrayProgress;
  xraySkipped: boolean;
}

export interface PolicyContext {
  policy: ScreeningPolicy;
  riskLevel: RiskLevel;
}

/** One action: its name from the contract (so screens can be told which are allowed) and its own arguments. */
type Act<K extends ItemActionKind, Args extends object = object> = { kind: K } & Args;

export type ItemAction =
  | Act<'recordDetails'>
  /** Recording details that change an item type already set: the type decides the screening steps. */
  | Act<'changeItemType'>
  | Act<'weigh'>
  | Act<'skipWeigh'>
  | Act<'inspect'>
  | Act<'requestXray'>
  | Act<'recordXray', { verdict: XrayVerdict }>
  | Act<'secondReview', { verdict: Exclude<XrayVerdict, 'inconclusive'> }>
  | Act<'skipXray'>
  | Act<'clear'>
  | Act<'deliver'>
  | Act<'return'>
  | Act<'markSuspect'>
  | Act<'quarantine'>
  /** From one holder to another inside quarantine: the item stays quarantined. */
  | Act<'transferCustody'>
  | Act<'handOver'>
  | Act<'release'>
  | Act<'destroy'>
  /** Taken in by mistake: only before any screening step, so nothing screened is ever voided away. */
  | Act<'void'>;

export type Decision = { ok: true; next: ItemState } | { ok: false; reason: string };

/**
 * Where each state stands (shared, so the store and the screens read the same record): every rule
 * below that asks "before cleared?" or "closed?" reads it.
 */
const STAGE = ITEM_STAGE;

/** Before inspection the item type may still change: inspection and X-ray depend on it. */
const TYPE_OPEN: readonly ItemState[] = ['RECEIVED', 'WEIGHED'];

/** Where an X-ray verdict leaves the item; an inconclusive one waits for a second reviewer. */
const AFTER_VERDICT: Readonly<Record<XrayVerdict, ItemState>> = { clear: 'SCREENED', suspect: 'SUSPECT', inconclusive: 'INSPECTED' };

const ok = (next: ItemState): Decision => ({ ok: true, next });
const no = (reason: string): Decision => ({ ok: false, reason });

function xrayRequired(facts: ItemFacts, ctx: PolicyContext): boolean {
  return stepRequirement(ctx.policy, ctx.riskLevel, facts.itemType, 'xray', facts.indicatorCount) === 'required';
}

function weighRequired(facts: ItemFacts, ctx: PolicyContext): boolean {
  return stepRequirement(ctx.policy, ctx.riskLevel, facts.itemType, 'weigh', facts.indicatorCount) === 'required';
}

function weighDone(facts: ItemFacts): boolean {
  return facts.weighed || facts.weighSkipped;
}

/**
 * Every action an operator can ask for, decided against the item's facts and the site policy:
 * the screening steps, the custody steps, and the record-keeping ones (details, custody transfers)
 * that keep the state but are allowed only in some.
 */
export function decide(facts: ItemFacts, action: ItemAction, ctx: PolicyContext): Decision {
  const { state } = facts;
  switch (action.kind) {
    // The record-keeping actions say why they are refused in their own words, a closed item included.
    case 'recordDetails':
    case 'changeItemType': {
      const stage = STAGE[state];
      if (stage !== 'screening' && stage !== 'suspect') return no(`The details of a ${stateWords(state)} item are closed; record a correction through the coordinator.`);
      if (action.kind === 'changeItemType' && !TYPE_OPEN.includes(state)) return no('The item type decides the screening steps; it cannot change after inspection.');
      return ok(state);
    }
    case 'transferCustody':
      if (state !== 'QUARANTINED') return no('Custody is transferred only while the item is quarantined.');
      return ok(state);
    default:
      return decideStep(facts, action, ctx);
  }
}

type StepAction = Exclude<ItemAction, { kind: 'recordDetails' | 'changeItemType' | 'transferCustody' }>;

function decideStep(facts: ItemFacts, action: StepAction, ctx: PolicyContext): Decision {
  const { state } = facts;
  if (STAGE[state] === 'closed') return no(`This item is ${stateWords(state)}; its record is closed.`);

  switch (action.kind) {
    case 'weigh':
      if (state !== 'RECEIVED' && state !== 'WEIGHED') return no(`Weigh an item before it is inspected (it is ${stateWords(state)}).`);
      return ok('WEIGHED');

    case 'skipWeigh':
      if (state !== 'RECEIVED') return no('Only an item that has not been weighed can skip weighing.');
      if (weighRequired(facts, ctx)) return no(`Weighing is required for this item at ${ctx.riskLevel} risk; it cannot be skipped.`);
      return ok('RECEIVED');

    case 'inspect':
      if (state !== 'RECEIVED' && state !== 'WEIGHED' && state !== 'INSPECTED') return no(`Inspection is done before X-ray and clearance (the item is ${stateWords(state)}).`);
      if (!weighDone(facts)) return no('Weigh the item first (or, where the site policy allows, skip weighing with a reason).');
      return ok('INSPECTED');

    case 'requestXray':
      if (state !== 'INSPECTED') return no('Inspect the item before X-raying it.');
      if (facts.xray === 'inconclusive') return no('This scan is waiting for a second reviewer.');
      return ok('INSPECTED');

    case 'recordXray':
      if (state !== 'INSPECTED') return no('Record an X-ray verdict only for an inspected item.');
      if (facts.xray !== 'requested') return no('There is no X-ray scan waiting for a verdict: request a scan first.');
      return ok(AFTER_VERDICT[action.verdict]);

    case 'secondReview':
      if (state !== 'INSPECTED' || facts.xray !== 'inconclusive') return no('Only an inconclusive X-ray waits for a second reviewer.');
      return ok(AFTER_VERDICT[action.verdict]);

    case 'skipXray':
      if (state !== 'INSPECTED') return no('X-ray can be skipped only after inspection.');
      if (xrayRequired(facts, ctx)) {
        return no(
          facts.indicatorCount > 0
            ? 'An indicator was ticked on this item, so it must be X-rayed (or marked suspect).'
            : `X-ray is required for this item at ${ctx.riskLevel} risk; it cannot be skipped.`,
        );
      }
      if (facts.xray !== 'none') return no('This item already has an X-ray scan.');
      return ok('INSPECTED');

    case 'clear':
      if (state === 'SCREENED') return ok('CLEARED');
      if (state !== 'INSPECTED') return no(`An item is cleared after inspection and, where required, X-ray (it is ${stateWords(state)}).`);
      if (facts.xray === 'inconclusive') return no('The X-ray was inconclusive: a second reviewer must look at it before the item can be cleared.');
      if (facts.xray === 'requested') return no('An X-ray scan is waiting for its verdict.');
      if (xrayRequired(facts, ctx)) return no('This item must be X-rayed and found clear before it can be cleared.');
      if (!facts.xraySkipped) return no('Record the X-ray, or skip it with a reason where the site policy allows, before clearing.');
      return ok('CLEARED');

    case 'deliver':
      return fromCleared(state, 'DELIVERED');
    case 'return':
      return fromCleared(state, 'RETURNED');

    case 'markSuspect':
      if (STAGE[state] !== 'screening') return no(`An item is marked suspect before it is cleared (it is ${stateWords(state)}).`);
      return ok('SUSPECT');

    case 'quarantine':
      if (state !== 'SUSPECT') return no('Only a suspect item is quarantined.');
      return ok('QUARANTINED');

    case 'handOver':
      return fromQuarantine(state, 'HANDED_OVER');
    case 'release':
      return fromQuarantine(state, 'RELEASED');
    case 'destroy':
      return fromQuarantine(state, 'DESTROYED');

    case 'void':
      if (state !== 'RECEIVED') return no(`An item is voided only before any screening step (it is ${state.toLowerCase()}).`);
      if (facts.weighSkipped) return no('Weighing was skipped for this item, a screening step: it can no longer be voided.');
      return ok('VOIDED');

    default:
      return assertNever(action, 'item action');
  }
}

function fromCleared(state: ItemState, next: ItemState): Decision {
  return state === 'CLEARED' ? ok(next) : no('Only a cleared item can be delivered or returned.');
}

function fromQuarantine(state: ItemState, next: ItemState): Decision {
  return state === 'QUARANTINED' ? ok(next) : no('Quarantine the item (record where it is and its seals) before it leaves quarantine.');
}

/** The action that skips a step the site policy may let be skipped (inspection never is). */
export function skipAction(step: SkippableStep): ItemAction {
  switch (step) {
    case 'weigh':
      return { kind: 'skipWeigh' };
    case 'xray':
      return { kind: 'skipXray' };
    default:
      return assertNever(step, 'skippable step');
  }
}

/**
 * One action of each name, to ask `decide` whether the name is allowed now. The arguments chosen
 * do not change the answer (a verdict decides where an X-ray leads, not whether it may be recorded).
 * Typed so that each name of the contract has its action and each action its name.
 */
const EACH_ACTION: { readonly [K in ItemActionKind]: Extract<ItemAction, { kind: K }> } = {
  recordDetails: { kind: 'recordDetails' },
  changeItemType: { kind: 'changeItemType' },
  weigh: { kind: 'weigh' },
  skipWeigh: { kind: 'skipWeigh' },
  inspect: { kind: 'inspect' },
  requestXray: { kind: 'requestXray' },
  recordXray: { kind: 'recordXray', verdict: 'clear' },
  secondReview: { kind: 'secondReview', verdict: 'clear' },
  skipXray: { kind: 'skipXray' },
  clear: { kind: 'clear' },
  deliver: { kind: 'deliver' },
  return: { kind: 'return' },
  markSuspect: { kind: 'markSuspect' },
  quarantine: { kind: 'quarantine' },
  transferCustody: { kind: 'transferCustody' },
  handOver: { kind: 'handOver' },
  release: { kind: 'release' },
  destroy: { kind: 'destroy' },
  void: { kind: 'void' },
};

/**
 * What the item allows now, by the same decision every command goes through: screens show these
 * and nothing else, so no screen keeps its own list of states.
 */
export function allowedActions(facts: ItemFacts, ctx: PolicyContext): ItemActionKind[] {
  return ItemActionKind.options.filter((kind) => decide(facts, EACH_ACTION[kind], ctx).ok);
}

/** The steps still open for an item, for the workspace's "what next". */
export function nextSteps(facts: ItemFacts, ctx: PolicyContext): NextStep[] {
  switch (facts.state) {
    case 'RECEIVED':
      if (weighDone(facts)) return ['inspect'];
      return [weighRequired(facts, ctx) ? 'weigh' : 'weigh-or-skip'];
    case 'WEIGHED':
      return ['inspect'];
    case 'INSPECTED':
      return [xrayNextStep(facts, ctx)];
    case 'SCREENED':
      return ['clear'];
    case 'CLEARED':
      return ['deliver-or-return'];
    case 'SUSPECT':
      return ['quarantine'];
    case 'QUARANTINED':
      return ['hand-over-release-or-destroy'];
    case 'DELIVERED':
    case 'RETURNED':
    case 'HANDED_OVER':
    case 'RELEASED':
    case 'DESTROYED':
    case 'VOIDED':
      return [];
    default:
      return assertNever(facts.state, 'item state');
  }
}

/** After inspection: the X-ray, its verdict, its second review, or (X-ray done or skipped) clearance. */
function xrayNextStep(facts: ItemFacts, ctx: PolicyContext): NextStep {
  switch (facts.xray) {
    case 'none':
      if (facts.xraySkipped) return 'clear';
      return xrayRequired(facts, ctx) ? 'xray' : 'xray-or-skip';
    case 'requested':
      return 'xray-verdict';
    case 'inconclusive':
      return 'second-review';
    case 'clear':
    case 'suspect':
      return 'clear';
    default:
      return assertNever(facts.xray, 'X-ray progress');
  }
}

/**
 * The facts of an item in this state with no type and nothing recorded yet: the one place that lists
 * every fact with its "none" value, so a new step's fact is added here and not in each caller.
 */
export function nothingRecorded(state: ItemState): ItemFacts {
  return { state, itemType: null, weighed: false, weighSkipped: false, inspected: false, indicatorCount: 0, xray: 'none', xraySkipped: false };
}

/**
 * Where a step leads from a state, by the same decision every command goes through; null where the
 * step is refused there. Facts other than the state are those of an item with nothing recorded.
 */
export function stepLeadsTo(state: ItemState, kind: ItemActionKind): ItemState | null {
  const decision = decide(nothingRecorded(state), EACH_ACTION[kind], { policy: DEFAULT_SCREENING_POLICY, riskLevel: 'medium' });
  return decision.ok ? decision.next : null;
}

/**
 * A stage's states and the closed states its steps end in, in the contract's order: e.g. 'cleared'
 * is CLEARED, DELIVERED and RETURNED (an item that was screened and cleared, whatever came after).
 */
export function statesFromStage(stage: ItemStage): ItemState[] {
  const own = statesInStage(stage);
  const endings = new Set<ItemState>();
  for (const state of own) {
    for (const kind of ItemActionKind.options) {
      const next = stepLeadsTo(state, kind);
      if (next !== null && STAGE[next] === 'closed') endings.add(next);
    }
  }
  return ItemState.options.filter((state) => own.includes(state) || endings.has(state));
}
