import { describe, expect, it } from 'vitest';
import { CLEARED_STATES } from '../../src/main/core/labelService.ts';
import { EVIDENCE_STATES } from '../../src/main/reports/custodyForm.ts';
import { FINAL_ITEM_STATES } from '../../src/main/store/retention.ts';
import { statesFromStage, stepLeadsTo } from '../../src/main/workflow/index.ts';
import { ALERT_STATES } from '../../src/renderer/ui/itemStates.ts';
import { ITEM_STAGE, ItemState, OPEN_ITEM_STATES, statesInStage } from '../../src/shared/contract/index.ts';

// The lists of states that were written out by hand are now read from the lifecycle's stages: these
// pin each derived list to the one it replaced, same states in the same order.
describe('state lists derived from the lifecycle', () => {
  it('keeps the clearance label to items screened and cleared, whatever came after', () => {
    expect(CLEARED_STATES).toEqual(['CLEARED', 'DELIVERED', 'RETURNED']);
  });

  it('keeps the custody form’s suspect banner to items held or handed over as evidence', () => {
    expect(EVIDENCE_STATES).toEqual(['SUSPECT', 'QUARANTINED', 'HANDED_OVER']);
  });

  it('keeps retention purging only items that left the station', () => {
    // Issue 12 adds VOIDED (an item taken in by mistake), final like the others.
    expect(FINAL_ITEM_STATES).toEqual(['DELIVERED', 'RETURNED', 'HANDED_OVER', 'RELEASED', 'DESTROYED', 'VOIDED']);
  });

  it('keeps the screens’ alert tag on suspect and quarantined items', () => {
    expect([...ALERT_STATES]).toEqual(['SUSPECT', 'QUARANTINED']);
  });

  it('keeps the open states and the final states apart, covering every state', () => {
    expect(OPEN_ITEM_STATES).toEqual(['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED', 'CLEARED', 'SUSPECT', 'QUARANTINED']);
    expect([...OPEN_ITEM_STATES, ...FINAL_ITEM_STATES].sort()).toEqual([...ItemState.options].sort());
  });

  it('places every state in a stage and reads where a step leads from the decision', () => {
    expect(Object.keys(ITEM_STAGE).sort()).toEqual([...ItemState.options].sort());
    expect(statesInStage('screening')).toEqual(['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED']);
    expect(statesFromStage('quarantined')).toEqual(['QUARANTINED', 'HANDED_OVER', 'RELEASED', 'DESTROYED']);
    expect(stepLeadsTo('QUARANTINED', 'handOver')).toBe('HANDED_OVER');
    expect(stepLeadsTo('CLEARED', 'markSuspect')).toBeNull();
  });
});
