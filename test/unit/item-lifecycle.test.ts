import { describe, expect, it } from 'vitest';
import { allowedActions, decide, nextSteps, nothingRecorded, skipAction, type ItemAction, type ItemFacts, type PolicyContext } from '../../src/main/workflow/itemLifecycle.ts';
import { DEFAULT_SCREENING_POLICY, stepRequirement } from '../../src/main/workflow/screeningPolicy.ts';
import { weightFlags } from '../../src/main/workflow/weightFlags.ts';
import { ItemActionKind, NextStep, OPEN_ITEM_STATES, type ItemState, type ItemType, type RiskLevel } from '../../src/shared/contract/index.ts';

const ctx = (riskLevel: RiskLevel = 'medium'): PolicyContext => ({ policy: DEFAULT_SCREENING_POLICY, riskLevel });

function facts(state: ItemState, more: Partial<ItemFacts> = {}): ItemFacts {
  return { ...nothingRecorded(state), itemType: 'letter', ...more };
}

const ALL_STATES: ItemState[] = ['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED', 'CLEARED', 'DELIVERED', 'RETURNED', 'SUSPECT', 'QUARANTINED', 'HANDED_OVER', 'RELEASED', 'DESTROYED'];

describe('item lifecycle transitions', () => {
  // Every action, every state: the states from which it is allowed and where it leads. Everything else is refused.
  const table: Array<{ action: ItemAction; from: Partial<Record<ItemState, ItemState>>; facts?: Partial<ItemFacts> }> = [
    { action: { kind: 'weigh' }, from: { RECEIVED: 'WEIGHED', WEIGHED: 'WEIGHED' } },
    { action: { kind: 'inspect' }, from: { WEIGHED: 'INSPECTED', RECEIVED: 'INSPECTED', INSPECTED: 'INSPECTED' }, facts: { weighed: true } },
    { action: { kind: 'requestXray' }, from: { INSPECTED: 'INSPECTED' } },
    { action: { kind: 'recordXray', verdict: 'clear' }, from: { INSPECTED: 'SCREENED' }, facts: { xray: 'requested' } },
    { action: { kind: 'recordXray', verdict: 'suspect' }, from: { INSPECTED: 'SUSPECT' }, facts: { xray: 'requested' } },
    { action: { kind: 'recordXray', verdict: 'inconclusive' }, from: { INSPECTED: 'INSPECTED' }, facts: { xray: 'requested' } },
    { action: { kind: 'secondReview', verdict: 'clear' }, from: { INSPECTED: 'SCREENED' }, facts: { xray: 'inconclusive' } },
    { action: { kind: 'secondReview', verdict: 'suspect' }, from: { INSPECTED: 'SUSPECT' }, facts: { xray: 'inconclusive' } },
    { action: { kind: 'skipXray' }, from: { INSPECTED: 'INSPECTED' } },
    { action: { kind: 'clear' }, from: { SCREENED: 'CLEARED', INSPECTED: 'CLEARED' }, facts: { xraySkipped: true } },
    { action: { kind: 'deliver' }, from: { CLEARED: 'DELIVERED' } },
    { action: { kind: 'return' }, from: { CLEARED: 'RETURNED' } },
    { action: { kind: 'markSuspect' }, from: { RECEIVED: 'SUSPECT', WEIGHED: 'SUSPECT', INSPECTED: 'SUSPECT', SCREENED: 'SUSPECT' } },
    { action: { kind: 'quarantine' }, from: { SUSPECT: 'QUARANTINED' } },
    { action: { kind: 'handOver' }, from: { QUARANTINED: 'HANDED_OVER' } },
    { action: { kind: 'release' }, from: { QUARANTINED: 'RELEASED' } },
    { action: { kind: 'destroy' }, from: { QUARANTINED: 'DESTROYED' } },
  ];

  for (const { action, from, facts: extra } of table) {
    for (const state of ALL_STATES) {
      const expected = from[state];
      it(`${action.kind}${'verdict' in action ? `(${action.verdict})` : ''} from ${state}: ${expected ? `-> ${expected}` : 'refused'}`, () => {
        const decision = decide(facts(state, extra), action, ctx('low'));
        if (expected) expect(decision).toEqual({ ok: true, next: expected });
        else {
          expect(decision.ok).toBe(false);
          if (!decision.ok) expect(decision.reason.length).toBeGreaterThan(10);
        }
      });
    }
  }
});

describe('guards', () => {
  it('inspection needs the weighing done or skipped', () => {
    expect(decide(facts('RECEIVED'), { kind: 'inspect' }, ctx()).ok).toBe(false);
    expect(decide(facts('RECEIVED', { weighSkipped: true }), { kind: 'inspect' }, ctx())).toEqual({ ok: true, next: 'INSPECTED' });
  });

  it('weighing is skipped only where the policy allows', () => {
    expect(decide(facts('RECEIVED', { itemType: 'letter' }), { kind: 'skipWeigh' }, ctx('low')).ok).toBe(true);
    expect(decide(facts('RECEIVED', { itemType: 'parcel' }), { kind: 'skipWeigh' }, ctx('low')).ok).toBe(false);
    expect(decide(facts('RECEIVED', { itemType: 'letter' }), { kind: 'skipWeigh' }, ctx('high')).ok).toBe(false);
  });

  it('X-ray is skipped only where the policy allows, and never once an indicator is ticked', () => {
    expect(decide(facts('INSPECTED', { itemType: 'letter' }), { kind: 'skipXray' }, ctx('medium')).ok).toBe(true);
    expect(decide(facts('INSPECTED', { itemType: 'parcel' }), { kind: 'skipXray' }, ctx('medium')).ok).toBe(false);
    expect(decide(facts('INSPECTED', { itemType: 'letter' }), { kind: 'skipXray' }, ctx('high')).ok).toBe(false);
    const withIndicator = decide(facts('INSPECTED', { itemType: 'letter', indicatorCount: 1 }), { kind: 'skipXray' }, ctx('low'));
    expect(withIndicator).toEqual({ ok: false, reason: expect.stringMatching(/indicator/) });
  });

  it('clearing needs the X-ray where required, and never with an inconclusive or pending scan', () => {
    expect(decide(facts('INSPECTED', { itemType: 'parcel' }), { kind: 'clear' }, ctx('medium')).ok).toBe(false);
    expect(decide(facts('INSPECTED', { itemType: 'letter', xray: 'inconclusive' }), { kind: 'clear' }, ctx('low'))).toEqual({ ok: false, reason: expect.stringMatching(/second reviewer/) });
    expect(decide(facts('INSPECTED', { itemType: 'letter', xray: 'requested' }), { kind: 'clear' }, ctx('low')).ok).toBe(false);
    expect(decide(facts('INSPECTED', { itemType: 'letter' }), { kind: 'clear' }, ctx('low')).ok).toBe(false);
  });

  it('an unknown item type is treated as the strictest type at the level', () => {
    expect(stepRequirement(DEFAULT_SCREENING_POLICY, 'medium', null, 'xray', 0)).toBe('required');
    expect(stepRequirement(DEFAULT_SCREENING_POLICY, 'medium', 'letter', 'xray', 0)).toBe('optional');
    expect(stepRequirement(DEFAULT_SCREENING_POLICY, 'low', 'letter', 'inspect', 0)).toBe('required');
  });

  it('X-rays every parcel at medium and all mail at high', () => {
    const types: ItemType[] = ['letter', 'flat', 'parcel', 'tube', 'padded-envelope', 'other'];
    for (const t of types) expect(stepRequirement(DEFAULT_SCREENING_POLICY, 'high', t, 'xray', 0)).toBe('required');
    expect(stepRequirement(DEFAULT_SCREENING_POLICY, 'medium', 'parcel', 'xray', 0)).toBe('required');
  });

  it('says what is next', () => {
    expect(nextSteps(facts('RECEIVED', { itemType: 'parcel' }), ctx())).toEqual(['weigh']);
    expect(nextSteps(facts('WEIGHED', { weighed: true }), ctx())).toEqual(['inspect']);
    expect(nextSteps(facts('INSPECTED', { itemType: 'parcel', weighed: true }), ctx())).toEqual(['xray']);
    expect(nextSteps(facts('INSPECTED', { xray: 'inconclusive' }), ctx())).toEqual(['second-review']);
    expect(nextSteps(facts('SUSPECT'), ctx())).toEqual(['quarantine']);
  });
});

describe('one home for the lifecycle rules', () => {
  const statesWhere = (kind: ItemActionKind, more: Partial<ItemFacts> = {}) => ALL_STATES.filter((state) => allowedActions(facts(state, more), ctx('low')).includes(kind));

  it('tells what an item allows now, by the same decision every command goes through', () => {
    const variants: Array<Partial<ItemFacts>> = [{}, { weighed: true }, { weighSkipped: true }, { xray: 'requested' }, { xray: 'inconclusive' }, { xraySkipped: true }, { itemType: 'parcel' }, { indicatorCount: 2 }];
    for (const state of ALL_STATES) {
      for (const more of variants) {
        const allowed = allowedActions(facts(state, more), ctx('medium'));
        for (const kind of ItemActionKind.options) {
          const action = { kind, verdict: 'clear' } as ItemAction;
          expect(allowed.includes(kind), `${kind} from ${state} ${JSON.stringify(more)}`).toBe(decide(facts(state, more), action, ctx('medium')).ok);
        }
      }
    }
  });

  it('says where an item may be marked suspect, and where its details and type may change (the screens kept these lists by hand)', () => {
    expect(statesWhere('markSuspect')).toEqual(['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED']);
    expect(statesWhere('recordDetails')).toEqual(['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED', 'SUSPECT']);
    expect(statesWhere('changeItemType')).toEqual(['RECEIVED', 'WEIGHED']);
    expect(statesWhere('quarantine')).toEqual(['SUSPECT']);
    expect(statesWhere('transferCustody')).toEqual(['QUARANTINED']);
    expect(statesWhere('handOver')).toEqual(['QUARANTINED']);
  });

  it('decides detail changes and custody transfers like every other step, in the words the services used', () => {
    expect(decide(facts('DELIVERED'), { kind: 'recordDetails' }, ctx())).toEqual({ ok: false, reason: 'The details of a delivered item are closed; record a correction through the coordinator.' });
    expect(decide(facts('CLEARED'), { kind: 'changeItemType' }, ctx())).toEqual({ ok: false, reason: 'The details of a cleared item are closed; record a correction through the coordinator.' });
    expect(decide(facts('INSPECTED'), { kind: 'changeItemType' }, ctx())).toEqual({ ok: false, reason: 'The item type decides the screening steps; it cannot change after inspection.' });
    expect(decide(facts('INSPECTED'), { kind: 'recordDetails' }, ctx())).toEqual({ ok: true, next: 'INSPECTED' });
    expect(decide(facts('SUSPECT'), { kind: 'transferCustody' }, ctx())).toEqual({ ok: false, reason: 'Custody is transferred only while the item is quarantined.' });
    expect(decide(facts('HANDED_OVER'), { kind: 'transferCustody' }, ctx())).toEqual({ ok: false, reason: 'Custody is transferred only while the item is quarantined.' });
    expect(decide(facts('QUARANTINED'), { kind: 'transferCustody' }, ctx())).toEqual({ ok: true, next: 'QUARANTINED' });
  });

  it('names every next step from the contract\'s list, in every state', () => {
    const variants: Array<Partial<ItemFacts>> = [{}, { weighed: true }, { weighSkipped: true }, { xray: 'requested' }, { xray: 'inconclusive' }, { xray: 'clear' }, { xraySkipped: true }, { itemType: 'parcel' }];
    for (const state of ALL_STATES) {
      for (const more of variants) {
        for (const step of nextSteps(facts(state, more), ctx())) expect(NextStep.safeParse(step).success, `${step} from ${state}`).toBe(true);
      }
    }
    expect(nextSteps(facts('INSPECTED', { itemType: 'letter' }), ctx('low'))).toEqual(['xray-or-skip']);
    expect(nextSteps(facts('INSPECTED', { xray: 'requested' }), ctx())).toEqual(['xray-verdict']);
    expect(nextSteps(facts('INSPECTED', { xraySkipped: true }), ctx('low'))).toEqual(['clear']);
    expect(nextSteps(facts('RECEIVED', { itemType: 'letter' }), ctx('low'))).toEqual(['weigh-or-skip']);
    expect(nextSteps(facts('RECEIVED', { weighSkipped: true }), ctx('low'))).toEqual(['inspect']);
    expect(nextSteps(facts('CLEARED'), ctx())).toEqual(['deliver-or-return']);
    expect(nextSteps(facts('QUARANTINED'), ctx())).toEqual(['hand-over-release-or-destroy']);
    expect(nextSteps(facts('DELIVERED'), ctx())).toEqual([]);
  });

  it('keeps the open states (a rescan brings the item up) as they were, now placed state by state', () => {
    expect(OPEN_ITEM_STATES).toEqual(['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED', 'CLEARED', 'SUSPECT', 'QUARANTINED']);
  });

  it('skips the step it is asked to skip', () => {
    expect(skipAction('weigh')).toEqual({ kind: 'skipWeigh' });
    expect(skipAction('xray')).toEqual({ kind: 'skipXray' });
  });
});

describe('weight flags inform, never clear', () => {
  it('flags a letter over its class limit and out-of-proportion density', () => {
    const codes = weightFlags(150, 'letter', { lengthMm: 240, widthMm: 110, thicknessMm: 3 }).map((f) => f.code);
    expect(codes).toContain('letterOverClassLimit');
    expect(codes).toContain('densityOutOfProportion');
  });

  it('applies the 3 mm / 43 g heuristic as information only', () => {
    expect(weightFlags(20, 'letter', null).map((f) => f.code)).toEqual(['letterBombHeuristicBelow']);
    expect(weightFlags(60, 'letter', { lengthMm: 240, widthMm: 110, thicknessMm: 8 }).map((f) => f.code)).toEqual(['letterBombHeuristicAbove']);
    expect(weightFlags(500, 'parcel', null)).toEqual([]);
  });
});
