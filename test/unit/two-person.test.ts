import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { addOperator, makeStation, quarantinedSuspectParcel } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

async function quarantinedItem() {
  station = makeStation();
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screener = await addOperator(station, 'screener', 'SCR-1');
  const screen = station.connect();
  await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
  const { custodyId, incidentId } = await quarantinedSuspectParcel(screen);
  return { station, screen, coordinator, screener, custodyId, incidentId };
}

describe('two-person rules', () => {
  it('refuses the same operator as the second signature on a release, by badge', async () => {
    const { screen, coordinator, custodyId } = await quarantinedItem();
    const result = await screen.call('custody.release', { custodyId, reason: 'Benign', secondOperator: { badge: coordinator.badge, pin: '2468' }, sealIntact: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/another operator/) } });
    expect(station!.store.items.byCustodyId(custodyId)?.state).toBe('QUARANTINED');
  });

  it('refuses a second signature with a wrong PIN, and counts it toward the badge lockout', async () => {
    const { screen, screener, custodyId } = await quarantinedItem();
    for (let i = 0; i < 5; i += 1) {
      const result = await screen.call('custody.destroy', { custodyId, reason: 'Destroyed by bomb squad', secondOperator: { badge: screener.badge, pin: '0000' } });
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/not recognised/) } });
    }
    const locked = await screen.call('custody.destroy', { custodyId, reason: 'Destroyed by bomb squad', secondOperator: { badge: screener.badge, pin: '2468' } });
    expect(locked).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/locked/) } });
    expect(station!.store.items.byCustodyId(custodyId)?.state).toBe('QUARANTINED');
  });

  it('accepts two different authenticated operators and records both', async () => {
    const { screen, screener, custodyId } = await quarantinedItem();
    const result = await screen.call('custody.release', { custodyId, reason: 'Benign: a bottle of perfume', secondOperator: { badge: screener.badge, pin: '2468' }, sealIntact: true });
    expect(result).toMatchObject({ ok: true, value: { detail: { item: { state: 'RELEASED' } } } });
    const release = station!.workflow.custody.forItem(custodyId).at(-1)!;
    expect(release).toMatchObject({ kind: 'release', secondBy: screener.id, sealIntact: true });
    expect(station!.store.audit.eventsFor('operator', screener.id).map((e) => e.kind)).toContain('operator.confirmed');
  });

  it('an internal custody transfer needs the receiving operator to authenticate, and not to be the holder', async () => {
    const { screen, coordinator, screener, custodyId } = await quarantinedItem();
    const toSelf = await screen.call('custody.transfer', { custodyId, receivedBy: { kind: 'operator', badge: coordinator.badge, pin: '2468' }, reason: 'Shift change', sealNumbers: ['S-1'], sealIntact: true });
    expect(toSelf).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const badPin = await screen.call('custody.transfer', { custodyId, receivedBy: { kind: 'operator', badge: screener.badge, pin: '1111' }, reason: 'Shift change', sealNumbers: ['S-1'], sealIntact: true });
    expect(badPin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/not recognised/) } });
    const ok = await screen.call('custody.transfer', { custodyId, receivedBy: { kind: 'operator', badge: screener.badge, pin: '2468' }, reason: 'Shift change', sealNumbers: ['S-1'], sealIntact: true });
    expect(ok).toMatchObject({ ok: true, value: { detail: { item: { state: 'QUARANTINED' } } } });
    const chain = station!.workflow.custody.forItem(custodyId);
    expect(chain.map((t) => t.kind)).toEqual(['quarantine', 'transfer']);
    expect(chain[1]).toMatchObject({ releasedBy: { kind: 'operator', operatorId: coordinator.id }, receivedBy: { kind: 'operator', operatorId: screener.id }, sealIntact: true });
  });

  it('a step the SOP marks two-person needs a second operator', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screen = station.connect();
    await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: 'THREAT-LETTER' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    const suspect = await screen.call('item.markSuspect', { custodyId, incidentType: 'threatLetter', reason: 'Threatening words' });
    const incident = (suspect as { value: { incident: { id: number; steps: Array<{ id: string; requiresTwoPeople: boolean }> } } }).value.incident;
    const twoPerson = incident.steps.find((s) => s.requiresTwoPeople);
    expect(twoPerson).toBeDefined();
    const alone = await screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: twoPerson!.id });
    expect(alone).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/second person/) } });
    // The two-person step is the seal's: it is done once the seal is on the record (issue 12, point 8).
    await screen.call('custody.quarantine', { custodyId, location: 'Evidence bag', sealNumbers: ['S-9'], reason: 'Seal the letter' });
    const withSecond = await screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: twoPerson!.id, secondOperator: { badge: screener.badge, pin: '2468' } });
    expect(withSecond).toMatchObject({ ok: true });
  });
});
