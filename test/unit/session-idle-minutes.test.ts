import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { EventName } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

describe('the idle lock says the minutes the station locked on (issue 12, point 11)', () => {
  it('a screen that loaded the settings at 5 minutes hears 1 when another screen set 1 meanwhile', async () => {
    let now = new Date('2026-12-06T09:00:00Z');
    station = makeStation({ now: () => now });
    const screener = await addOperator(station, 'screener', 'SCR-ANA');
    const admin = await addOperator(station, 'admin', 'ADM-BEA');
    const screen = station.connect();
    const seen: Array<{ event: EventName; payload: unknown }> = [];
    screen.onEvent((event, payload) => seen.push({ event, payload }));
    await screen.call('session.login', { badge: screener.badge, pin: '2468' });
    expect(await screen.call('site.settings', {})).toMatchObject({ ok: true, value: { settings: { autoLockMinutes: 5 } } });

    const office = station.connect();
    await office.call('session.login', { badge: admin.badge, pin: '2468' });
    expect(await office.call('site.update', { autoLockMinutes: 1 })).toMatchObject({ ok: true });
    await office.call('session.logout', {});

    now = new Date(now.getTime() + 2 * 60_000);
    station.lockIdleSessions();
    expect(seen.filter((e) => e.event === 'session.changed').at(-1)).toEqual({ event: 'session.changed', payload: { operator: null, reason: 'idle', idleMinutes: 1 } });
  });

  it('an operator who locks the screen hears no minutes', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-ANA');
    const screen = station.connect();
    const seen: unknown[] = [];
    screen.onEvent((event, payload) => event === 'session.changed' && seen.push(payload));
    await screen.call('session.login', { badge: screener.badge, pin: '2468' });
    await screen.call('session.logout', {});
    expect(seen.at(-1)).toEqual({ operator: null, reason: 'logout' });
  });
});
