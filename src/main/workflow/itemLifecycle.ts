import type { ItemState, ItemType, RiskLevel, XrayVerdict } from '../../shared/contract/index.ts';
import { stepRequirement, type ScreeningPolicy } from './screeningPolicy.ts';

/**
 * The item lifecycle as pure functions: (what is known about the item, what the operator asks)
 * -> the next state, or a refusal in words the operator can act on. No I/O: the services load
 * the facts, call `decide`, and write the new state with its audit event in one transaction.
 *
 *   RECEIVED -> WEIGHED -> INSPECTED -> SCREENED (X-ray, where policy requires) -> CLEARED -> DELIVERED | RETURNED
 *   any step before CLEARED -> SUSPECT -> QUARANTINED -> HANDED_OVER | RELEASED | DESTROYED
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

export type ItemAction =
  | { kind: 'weigh' }
  | { kind: 'skipWeigh' }
  | { kind: 'inspect' }
  | { kind: 'requestXray' }
  | { kind: 'recordXray'; verdict: XrayVerdict }
  | { kind: 'secondReview'; verdict: Exclude<XrayVerdict, 'inconclusive'> }
  | { kind: 'skipXray' }
  | { kind: 'clear' }
  | { kind: 'deliver' }
  | { kind: 'return' }
  | { kind: 'markSuspect' }
  | { kind: 'quarantine' }
  | { kind: 'handOver' }
  | { kind: 'release' }
  | { kind: 'destroy' };

export type Decision = { ok: true; next: ItemState } | { ok: false; reason: string };

const BEFORE_CLEARED: readonly ItemState[] = ['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED'];
const TERMINAL: readonly ItemState[] = ['DELIVERED', 'RETURNED', 'HANDED_OVER', 'RELEASED', 'DESTROYED'];

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

/** Every action an operator can ask for, decided against the item's facts and the site policy. */
export function decide(facts: ItemFacts, action: ItemAction, ctx: PolicyContext): Decision {
  const { state } = facts;
  if (TERMINAL.includes(state)) return no(`This item is ${state.toLowerCase().replace('_', ' ')}; its record is closed.`);

  switch (action.kind) {
    case 'weigh':
      if (state !== 'RECEIVED' && state !== 'WEIGHED') return no(`Weigh an item before it is inspected (it is ${state}).`);
      return ok('WEIGHED');

    case 'skipWeigh':
      if (state !== 'RECEIVED') return no('Only an item that has not been weighed can skip weighing.');
      if (weighRequired(facts, ctx)) return no(`Weighing is required for this item at ${ctx.riskLevel} risk; it cannot be skipped.`);
      return ok('RECEIVED');

    case 'inspect':
      if (state !== 'RECEIVED' && state !== 'WEIGHED' && state !== 'INSPECTED') return no(`Inspection is done before X-ray and clearance (the item is ${state}).`);
      if (!weighDone(facts)) return no('Weigh the item first (or, where the site policy allows, skip weighing with a reason).');
      return ok('INSPECTED');

    case 'requestXray':
      if (state !== 'INSPECTED') return no('Inspect the item before X-raying it.');
      if (facts.xray === 'inconclusive') return no('This scan is waiting for a second reviewer.');
      return ok('INSPECTED');

    case 'recordXray':
      if (state !== 'INSPECTED') return no('Record an X-ray verdict only for an inspected item.');
      if (facts.xray !== 'requested') return no('There is no X-ray scan waiting for a verdict: request a scan first.');
      if (action.verdict === 'clear') return ok('SCREENED');
      if (action.verdict === 'suspect') return ok('SUSPECT');
      return ok('INSPECTED');

    case 'secondReview':
      if (state !== 'INSPECTED' || facts.xray !== 'inconclusive') return no('Only an inconclusive X-ray waits for a second reviewer.');
      return ok(action.verdict === 'clear' ? 'SCREENED' : 'SUSPECT');

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
      if (state !== 'INSPECTED') return no(`An item is cleared after inspection and, where required, X-ray (it is ${state}).`);
      if (facts.xray === 'inconclusive') return no('The X-ray was inconclusive: a second reviewer must look at it before the item can be cleared.');
      if (facts.xray === 'requested') return no('An X-ray scan is waiting for its verdict.');
      if (xrayRequired(facts, ctx)) return no('This item must be X-rayed and found clear before it can be cleared.');
      if (!facts.xraySkipped) return no('Record the X-ray, or skip it with a reason where the site policy allows, before clearing.');
      return ok('CLEARED');

    case 'deliver':
    case 'return':
      if (state !== 'CLEARED') return no('Only a cleared item can be delivered or returned.');
      return ok(action.kind === 'deliver' ? 'DELIVERED' : 'RETURNED');

    case 'markSuspect':
      if (!BEFORE_CLEARED.includes(state)) return no(`An item is marked suspect before it is cleared (it is ${state}).`);
      return ok('SUSPECT');

    case 'quarantine':
      if (state !== 'SUSPECT') return no('Only a suspect item is quarantined.');
      return ok('QUARANTINED');

    case 'handOver':
    case 'release':
    case 'destroy':
      if (state !== 'QUARANTINED') return no('Quarantine the item (record where it is and its seals) before it leaves quarantine.');
      return ok(action.kind === 'handOver' ? 'HANDED_OVER' : action.kind === 'release' ? 'RELEASED' : 'DESTROYED');
  }
}

/** The steps still open for an item, for the workspace's "what next". */
export function nextSteps(facts: ItemFacts, ctx: PolicyContext): string[] {
  const steps: string[] = [];
  if (facts.state === 'RECEIVED' && !weighDone(facts)) steps.push(weighRequired(facts, ctx) ? 'weigh' : 'weigh-or-skip');
  if ((facts.state === 'RECEIVED' && weighDone(facts)) || facts.state === 'WEIGHED') steps.push('inspect');
  if (facts.state === 'INSPECTED') {
    if (facts.xray === 'inconclusive') steps.push('second-review');
    else if (facts.xray === 'requested') steps.push('xray-verdict');
    else if (facts.xray === 'none' && !facts.xraySkipped) steps.push(xrayRequired(facts, ctx) ? 'xray' : 'xray-or-skip');
    else steps.push('clear');
  }
  if (facts.state === 'SCREENED') steps.push('clear');
  if (facts.state === 'CLEARED') steps.push('deliver-or-return');
  if (facts.state === 'SUSPECT') steps.push('quarantine');
  if (facts.state === 'QUARANTINED') steps.push('hand-over-release-or-destroy');
  return steps;
}
