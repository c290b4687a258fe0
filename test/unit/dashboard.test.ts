import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { deviceUptime } from '../../src/main/core/dashboard.ts';
import type { DashboardStats } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';
import { localToday } from '../helpers/wait.ts';

let station: Station | undefined;
afterEach(() => station?.close());

describe('dashboard figures', () => {
  it('counts live items per day and outcomes, incidents by type, drills apart', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator');
    const screen = station.connect();
    await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
    const ids: string[] = [];
    for (const code of ['A-1', 'A-2', 'A-3']) {
      const r = await screen.call('intake.scan', { code });
      ids.push((r as { value: { item: { custodyId: string } } }).value.item.custodyId);
    }
    await screen.call('item.markSuspect', { custodyId: ids[0], incidentType: 'suspiciousSubstance', reason: 'Powder' });
    await screen.call('drill.start', { scenario: 'possibleExplosive', description: 'Q4 drill' });
    const today = localToday();
    const result = await screen.call('dashboard.stats', { from: today, to: today });
    expect(result.ok).toBe(true);
    const stats = (result as { value: DashboardStats }).value;
    expect(stats.itemsPerDay).toEqual([{ date: today, received: 3, cleared: 0, suspect: 1 }]);
    expect(stats.outcomes).toEqual({ RECEIVED: 2, SUSPECT: 1 });
    expect(stats.incidents.byType.find((t) => t.type === 'suspiciousSubstance')).toEqual({ type: 'suspiciousSubstance', open: 1, closed: 0 });
    expect(stats.incidents.drills).toBe(1);
  });

  it('computes uptime from health changes, counting time before the first report as unknown', () => {
    const day = (h: number) => `2026-11-28T${String(h).padStart(2, '0')}:00:00.000Z`;
    const uptime = deviceUptime(
      [{ deviceId: 'scale-1', deviceClass: 'scale', health: 'online', at: '2026-11-27T22:00:00.000Z' }],
      [
        { deviceId: 'scale-1', deviceClass: 'scale', health: 'offline', at: day(6) },
        { deviceId: 'scale-1', deviceClass: 'scale', health: 'online', at: day(12) },
        { deviceId: 'printer-1', deviceClass: 'printer', health: 'online', at: day(12) },
        { deviceId: 'printer-1', deviceClass: 'printer', health: 'fault', at: day(18) },
      ],
      '2026-11-28T00:00:00.000Z',
      '2026-11-29T00:00:00.000Z',
      '2026-11-29T00:00:00.000Z',
    );
    expect(uptime).toEqual([
      { deviceId: 'scale-1', deviceClass: 'scale', online: 0.75, fault: 0, changes: 2 },
      { deviceId: 'printer-1', deviceClass: 'printer', online: 0.5, fault: 0.5, changes: 2 },
    ]);
  });

  it('is refused to screeners, and for a reversed period', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener');
    const screen = station.connect();
    await screen.call('session.login', { badge: screener.badge, pin: '2468' });
    expect(await screen.call('dashboard.stats', { from: '2026-11-01', to: '2026-11-28' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
