import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { EventName } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

describe('auto-lock and resume', () => {
  it('locks a screen left idle past the site setting, keeps the work, and resumes it for another operator', async () => {
    let now = new Date('2026-11-28T09:00:00Z');
    station = makeStation({ now: () => now });
    const ana = await addOperator(station, 'screener', 'SCR-ANA');
    const ben = await addOperator(station, 'screener', 'SCR-BEN');
    const screen = station.connect();
    const seen: Array<{ event: EventName; payload: unknown }> = [];
    screen.onEvent((event, payload) => seen.push({ event, payload }));
    await screen.call('session.login', { badge: ana.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: '1Z5R89390357567127' });
    if (!scanned.ok) throw new Error('scan refused');
    const custodyId = (scanned.value as { item: { custodyId: string } }).item.custodyId;
    await screen.call('item.setDetails', { custodyId, itemType: 'parcel' });

    now = new Date(now.getTime() + 4 * 60_000);
    station.lockIdleSessions();
    expect(await screen.call('session.current', {})).toMatchObject({ ok: true, value: { operator: { badge: ana.badge } } });

    now = new Date(now.getTime() + 2 * 60_000); // 6 minutes idle > the default 5
    station.lockIdleSessions();
    expect(seen.at(-1)).toEqual({ event: 'session.changed', payload: { operator: null, reason: 'idle', idleMinutes: 5 } });
    expect(await screen.call('item.get', { custodyId })).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    const kinds = station.store.audit.eventsFor('operator', ana.id).map((e) => e.kind);
    expect(kinds.at(-1)).toBe('operator.loggedOut');

    const login = await screen.call('session.login', { badge: ben.badge, pin: '2468' });
    expect(login).toMatchObject({ ok: true, value: { operator: { badge: ben.badge }, resumeCustodyId: custodyId } });
    expect(await screen.call('item.get', { custodyId })).toMatchObject({ ok: true, value: { detail: { item: { itemType: 'parcel', state: 'RECEIVED' } } } });
  });

  it('an item handed over while its incident is still open is the work to resume, until the incident closes', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-ANA');
    const coordinator = await addOperator(station, 'coordinator', 'COORD-CARA');
    const screen = station.connect();
    await screen.call('session.login', { badge: screener.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: 'POWDER-LETTER-0001' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    const suspect = await screen.call('item.markSuspect', { custodyId, incidentType: 'suspiciousSubstance', reason: 'Powder at the flap' });
    const incidentId = (suspect as { value: { incident: { id: number } } }).value.incident.id;
    await screen.call('custody.quarantine', { custodyId, location: 'Bench 2', sealNumbers: ['S-1'], reason: 'Isolate' });
    const handedOver = await screen.call('custody.transfer', {
      custodyId,
      receivedBy: { kind: 'external', name: 'Lt. Okoye', agency: 'Hazmat', badgeNumber: 'HZ-1', identityChecked: true },
      reason: 'Hand-over',
      sealNumbers: ['S-1'],
      sealIntact: true,
    });
    expect(handedOver).toMatchObject({ ok: true, value: { detail: { item: { state: 'HANDED_OVER' } } } });
    await screen.call('session.logout', {});

    // The screener cannot close it: the coordinator logs in, and the station leads back to it.
    const login = await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
    expect(login).toMatchObject({ ok: true, value: { resumeCustodyId: custodyId } });

    station.workflow.incidents.close(incidentId, `operator:${coordinator.id}`, `operator:${screener.id}`, new Date().toISOString());
    expect(await screen.call('session.current', {})).toMatchObject({ ok: true, value: { resumeCustodyId: null } });
  });

  it('session.touch keeps an operator reading a protocol from being locked out', async () => {
    let now = new Date('2026-11-28T09:00:00Z');
    station = makeStation({ now: () => now });
    const ana = await addOperator(station, 'screener');
    const screen = station.connect();
    await screen.call('session.login', { badge: ana.badge, pin: '2468' });
    for (let i = 0; i < 5; i += 1) {
      now = new Date(now.getTime() + 3 * 60_000);
      await screen.call('session.touch', {});
      station.lockIdleSessions();
    }
    expect(await screen.call('session.current', {})).toMatchObject({ ok: true, value: { operator: { badge: ana.badge } } });
  });

  it('the auto-lock time is the site setting', async () => {
    let now = new Date('2026-11-28T09:00:00Z');
    station = makeStation({ now: () => now });
    const admin = await addOperator(station, 'admin');
    const screen = station.connect();
    await screen.call('session.login', { badge: admin.badge, pin: '2468' });
    expect(await screen.call('site.update', { autoLockMinutes: 1 })).toMatchObject({ ok: true, value: { settings: { autoLockMinutes: 1 } } });
    now = new Date(now.getTime() + 90_000);
    station.lockIdleSessions();
    expect(await screen.call('session.current', {})).toMatchObject({ ok: true, value: { operator: null } });
  });
});

describe('training decides who may run the X-ray step', () => {
  it('refuses an operator whose X-ray qualification expired, and accepts a current one', async () => {
    station = makeStation({
      now: () => new Date('2026-11-28T09:00:00Z'),
      cabinets: { requestScan: async () => ({ accepted: true, deviceId: 'xray-1' }) },
    });
    const coordinator = await addOperator(station, 'coordinator');
    const ana = await addOperator(station, 'screener');
    const boss = station.connect();
    await boss.call('session.login', { badge: coordinator.badge, pin: '2468' });
    await boss.call('training.record', { operatorId: ana.id, kind: 'xrayOperator', completedOn: '2024-01-01', expiresOn: '2025-01-01' });
    const screen = station.connect();
    await screen.call('session.login', { badge: ana.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: 'PARCEL-1' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    await screen.call('item.setDetails', { custodyId, itemType: 'parcel' });
    await screen.call('item.enterWeight', { custodyId, grams: 500, reason: 'manual entry' });
    await screen.call('item.inspect', { custodyId, indicators: [] });
    expect(await screen.call('xray.requestScan', { custodyId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/X-ray operator qualification/) } });
    await boss.call('training.record', { operatorId: ana.id, kind: 'xrayOperator', completedOn: '2026-11-01', expiresOn: '2027-11-01' });
    expect(await screen.call('xray.requestScan', { custodyId })).toMatchObject({ ok: true, value: { detail: { xrayScans: [{ deviceId: 'xray-1', verdict: null }] } } });
    const operators = await boss.call('operator.list', {});
    expect(operators).toMatchObject({ ok: true });
  });

  it('an indicator ticked at inspection makes X-ray mandatory even where the policy would let it be skipped', async () => {
    station = makeStation();
    const ana = await addOperator(station, 'screener');
    const screen = station.connect();
    await screen.call('session.login', { badge: ana.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: 'LETTER-1' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    await screen.call('item.setDetails', { custodyId, itemType: 'letter' });
    await screen.call('item.enterWeight', { custodyId, grams: 20, reason: 'manual entry' });
    await screen.call('item.inspect', { custodyId, indicators: ['P84-03'] });
    expect(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'letters skip' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await screen.call('item.clear', { custodyId })).toMatchObject({ ok: false });
    expect(await screen.call('item.inspect', { custodyId, indicators: ['NOT-A-CODE'] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });
});
