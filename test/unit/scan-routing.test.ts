// One scan routing for every scanner (issue 12, points 1 and 4): a scan goes where the screen in
// front of the operator waits for it; only a screen that waits for an item (or for nothing said)
// makes it intake; one operator at a time, so the scan's screen is never a guess.
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/index.ts';
import type { EventName } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

interface Screen {
  link: StationConnection;
  seen: Array<{ event: EventName; payload: unknown }>;
}

function screenOf(s: Station): Screen {
  const link = s.connect();
  const seen: Screen['seen'] = [];
  link.onEvent((event, payload) => seen.push({ event, payload }));
  return { link, seen };
}

const itemCount = (s: Station): number => s.store.db.prepare('SELECT count(*) FROM items').pluck().get() as number;
const eventsNamed = (screen: Screen, name: EventName) => screen.seen.filter((e) => e.event === name).map((e) => e.payload);

describe('scan routing', () => {
  it('a serial scan while the screen waits for a badge goes to that screen and takes in no item', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const ana = await addOperator(station, 'screener', 'SCR-ANA');
    const screen = screenOf(station);
    await screen.link.call('session.login', { badge: ana.badge, pin: '2468' });
    expect(await screen.link.call('session.scanClaim', { waitingFor: 'badge' })).toEqual({ ok: true, value: { ok: true } });

    const before = itemCount(station);
    station.takeScan('scanner-1', 'EMP-7788', 'Code 128');
    expect(itemCount(station)).toBe(before);
    expect(eventsNamed(screen, 'scan.claimed')).toEqual([{ deviceId: 'scanner-1', code: 'EMP-7788', symbology: 'Code 128', waitingFor: 'badge' }]);
    expect(eventsNamed(screen, 'scan.received')).toEqual([]);
  });

  it('seal numbers and responder IDs are claimed the same way', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const ana = await addOperator(station, 'screener', 'SCR-ANA');
    const screen = screenOf(station);
    await screen.link.call('session.login', { badge: ana.badge, pin: '2468' });
    await screen.link.call('session.scanClaim', { waitingFor: 'seal' });
    station.takeScan('wedge', 'SEAL-0042', null);
    await screen.link.call('session.scanClaim', { waitingFor: 'responder' });
    station.takeScan('wedge', 'HZ-7', null);
    expect(eventsNamed(screen, 'scan.claimed').map((p) => (p as { waitingFor: string; code: string }))).toMatchObject([
      { waitingFor: 'seal', code: 'SEAL-0042' },
      { waitingFor: 'responder', code: 'HZ-7' },
    ]);
    expect(itemCount(station)).toBe(0);
  });

  it('with the screen waiting for an item, or saying nothing, the scan is taken in and the screen is told', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const ana = await addOperator(station, 'screener', 'SCR-ANA');
    const screen = screenOf(station);
    await screen.link.call('session.login', { badge: ana.badge, pin: '2468' });
    station.takeScan('scanner-1', '1Z5R89390357567127', null);
    await screen.link.call('session.scanClaim', { waitingFor: 'item' });
    station.takeScan('scanner-1', 'RB123456785GB', null);
    expect(itemCount(station)).toBe(2);
    expect(eventsNamed(screen, 'scan.received')).toMatchObject([{ created: true, item: { scannedCode: '1Z5R89390357567127' } }, { created: true, item: { scannedCode: 'RB123456785GB' } }]);
    // A claim given up (the badge field went away) gives the scanner back to intake.
    await screen.link.call('session.scanClaim', { waitingFor: 'badge' });
    await screen.link.call('session.scanClaim', { waitingFor: null });
    station.takeScan('scanner-1', 'RB987654326GB', null);
    expect(itemCount(station)).toBe(3);
  });

  it('a screen that takes no scans (incident mode) has every scanner\'s scan refused with a message, nothing taken in', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const ana = await addOperator(station, 'screener', 'SCR-ANA');
    const screen = screenOf(station);
    await screen.link.call('session.login', { badge: ana.badge, pin: '2468' });
    await screen.link.call('session.scanClaim', { waitingFor: 'nothing' });
    station.takeScan('scanner-1', '1Z5R89390357567127', null);
    expect(itemCount(station)).toBe(0);
    expect(eventsNamed(screen, 'scan.refused')).toMatchObject([{ deviceId: 'scanner-1', message: expect.stringMatching(/does not take scans/) }]);
  });

  it('refuses a claim it does not know, and a scan the driver could not use is said on the screen in front', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const screen = screenOf(station);
    expect(await screen.link.call('session.scanClaim', { waitingFor: 'anything' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    station.refuseScan('wedge', 'A scan stopped before its end (Enter) arrived, so it was not used. Scan again.');
    expect(eventsNamed(screen, 'scan.refused')).toEqual([{ deviceId: 'wedge', message: 'A scan stopped before its end (Enter) arrived, so it was not used. Scan again.' }]);
  });
});

describe('one operator at a time (two tabs on one station)', () => {
  it('a login on a second screen locks the first, and every scan goes to the one logged in, whichever was used last', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const ana = await addOperator(station, 'screener', 'SCR-ANA');
    const ben = await addOperator(station, 'screener', 'SCR-BEN');
    const first = screenOf(station);
    const second = screenOf(station);
    await first.link.call('session.login', { badge: ana.badge, pin: '2468' });
    await first.link.call('session.scanClaim', { waitingFor: 'badge' });
    await second.link.call('session.login', { badge: ben.badge, pin: '2468' });

    expect(first.seen).toContainEqual({ event: 'session.changed', payload: { operator: null, reason: 'elsewhere' } });
    expect(await first.link.call('session.current', {})).toMatchObject({ ok: true, value: { operator: null } });
    expect(await first.link.call('intake.list', {})).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    const logout = station.store.audit.eventsFor('operator', ana.id).at(-1);
    expect(logout).toMatchObject({ kind: 'operator.loggedOut', payload: { reason: 'elsewhere' } });

    // The locked first screen is touched last (its claim again): the scan is still Ben's, on his screen.
    await first.link.call('session.scanClaim', { waitingFor: 'badge' });
    station.takeScan('scanner-1', '1Z5R89390357567127', null);
    expect(eventsNamed(second, 'scan.received')).toHaveLength(1);
    expect(eventsNamed(first, 'scan.received')).toEqual([]);
    expect(eventsNamed(first, 'scan.claimed')).toEqual([]);
  });

  it('on a locked station a scan is a badge for one lock screen only: the one in front', async () => {
    station = makeStation({ oneOperatorAtATime: true });
    const first = screenOf(station);
    const second = screenOf(station);
    await second.link.call('session.scanClaim', { waitingFor: 'badge' });
    await first.link.call('session.scanClaim', { waitingFor: 'badge' });
    station.takeScan('scanner-1', 'SCR-ANA', null);
    expect(eventsNamed(first, 'scan.badge')).toEqual([{ deviceId: 'scanner-1', code: 'SCR-ANA' }]);
    expect(eventsNamed(second, 'scan.badge')).toEqual([]);
    expect(itemCount(station)).toBe(0);
  });
});
