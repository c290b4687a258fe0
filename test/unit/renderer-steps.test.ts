import { describe, expect, it } from 'vitest';
import { allows, currentStep, stepStatuses } from '../../src/renderer/item/steps.ts';
import { describeAuditEvent } from '../../src/renderer/history/auditWords.ts';
import type { AuditEvent, ItemActionKind, ItemDetail, ItemState, NextStep } from '../../src/shared/contract/index.ts';

function detail(state: ItemState, nextSteps: NextStep[], allowedActions: ItemActionKind[], more: Partial<ItemDetail> = {}): ItemDetail {
  return {
    item: {
      custodyId: '7KQ-M3X-9TZ',
      trackingNumber: null,
      carrier: null,
      scannedCode: 'X',
      symbology: null,
      state,
      mode: 'live',
      receivedAt: '2025-06-14T09:00:00.000Z',
      updatedAt: '2025-06-14T09:00:00.000Z',
      receivedBy: 'op-1',
      itemType: null,
      incidentNumber: null,
    },
    recipient: null,
    sender: null,
    dimensions: null,
    weights: [],
    weightFlags: [],
    skips: [],
    inspection: null,
    xrayScans: [],
    screened: null,
    disposition: null,
    incident: null,
    custody: [],
    requirements: { weigh: 'required', xray: 'required' },
    nextSteps,
    allowedActions,
    ...more,
  };
}

describe('the workspace reads what the station allows, not states of its own', () => {
  it('starts with the details only while the station allows the type to be set', () => {
    expect(currentStep(detail('RECEIVED', ['weigh'], ['recordDetails', 'changeItemType', 'weigh', 'markSuspect']))).toBe('details');
    // The station is the one that says whether the type may still change: the state alone does not.
    expect(currentStep(detail('RECEIVED', ['weigh'], ['recordDetails', 'weigh', 'markSuspect']))).toBe('weigh');
  });

  it('maps every next step to its screen, and no next step to done', () => {
    const typed = { item: { ...detail('INSPECTED', [], []).item, itemType: 'parcel' as const } };
    const cases: Array<[NextStep | null, string]> = [
      ['weigh-or-skip', 'weigh'],
      ['inspect', 'inspect'],
      ['xray-or-skip', 'xray'],
      ['xray-verdict', 'xray'],
      ['second-review', 'xray'],
      ['clear', 'clear'],
      ['deliver-or-return', 'deliver'],
      ['quarantine', 'incident'],
      ['hand-over-release-or-destroy', 'incident'],
      [null, 'done'],
    ];
    for (const [next, step] of cases) expect(currentStep(detail('INSPECTED', next === null ? [] : [next], [], typed)), String(next)).toBe(step);
  });

  it('says whether an action is allowed from the detail', () => {
    const suspect = detail('SUSPECT', ['quarantine'], ['recordDetails', 'quarantine']);
    expect(allows(suspect, 'quarantine')).toBe(true);
    expect(allows(suspect, 'markSuspect')).toBe(false);
    expect(allows(suspect, 'transferCustody')).toBe(false);
  });

  it('marks a skipped step skipped on the rail', () => {
    const skipped = detail('INSPECTED', ['clear'], ['clear'], {
      item: { ...detail('INSPECTED', [], []).item, itemType: 'letter' },
      skips: [{ step: 'xray', reason: 'low risk', operatorId: 'op-1', at: '2025-06-14T09:10:00.000Z' }],
      inspection: { indicators: [], notes: '', operatorId: 'op-1', at: '2025-06-14T09:05:00.000Z' },
    });
    expect(stepStatuses(skipped)).toEqual({ details: 'done', weigh: 'not-needed', inspect: 'done', xray: 'skipped', clear: 'current', deliver: 'todo' });
  });
});

describe('history words for a skipped step', () => {
  const event = (step: string): AuditEvent => ({
    seq: 1,
    at: '2025-06-14T09:10:00.000Z',
    actor: 'operator:op-1',
    station: 'S1',
    kind: 'item.stepSkipped',
    subjectType: 'item',
    subjectId: '7KQ-M3X-9TZ',
    mode: 'live',
    payload: { step, reason: 'low risk' },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  });

  it('names each skippable step, and does not call an unknown one "weighing"', () => {
    expect(describeAuditEvent(event('weigh'), 'g')).toBe('Skipped weighing: low risk');
    expect(describeAuditEvent(event('xray'), 'g')).toBe('Skipped X-ray: low risk');
    expect(describeAuditEvent(event('photograph'), 'g')).toBe('Skipped photograph: low risk');
  });
});
