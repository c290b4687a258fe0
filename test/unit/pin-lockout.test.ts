import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATOR_POLICY, lockoutMinutesFor, OperatorService } from '../../src/main/core/operatorService.ts';
import { pinMatches, type PinChecker, hashPin } from '../../src/main/core/pin.ts';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { Store } from '../../src/main/store/index.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { runCli } from '../helpers/cli.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

/** Every PIN check the service runs, counted: the cost an attacker can make the station pay. */
function countingPins(): PinChecker & { checks: number } {
  const pins = {
    checks: 0,
    hash: hashPin,
    matches: (pin: string, stored: Parameters<typeof pinMatches>[1]) => {
      pins.checks += 1;
      return pinMatches(pin, stored);
    },
  };
  return pins;
}

function refusalsOf(s: Station, operatorId: string): number {
  return s.store.audit.eventsFor('operator', operatorId).filter((e) => e.kind === 'operator.loginRefused' || e.kind === 'operator.lockedOut').length;
}

function codes(results: Array<CommandResult<unknown>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.ok ? 'ok' : r.error.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('PIN lockout under attack', () => {
  it('bursts of 200 wrong PINs at once from 200 connections: at most five are ever checked, the badge locks, the right PIN is refused after', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
    const s = station;
    // The attacker keeps firing: ten bursts of 200 guesses, each burst all at once.
    for (let round = 0; round < 10; round += 1) {
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => s.connect().call('session.login', { badge: coordinator.badge, pin: String(100000 + round * 200 + i) })));
      expect(results.every((r) => !r.ok)).toBe(true);
      expect(refusalsOf(s, coordinator.id)).toBeLessThanOrEqual(5);
    }
    expect(refusalsOf(s, coordinator.id)).toBe(5);
    const right = await s.connect().call('session.login', { badge: coordinator.badge, pin: '2468' });
    expect(right).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/locked/) } });
    expect(s.store.operators.byBadge(coordinator.badge)?.lockedUntil).not.toBeNull();
  });

  it('one connection sending 200 logins at once gets one checked at a time; the rest are refused at once', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screen = station.connect();
    const results = await Promise.all(Array.from({ length: 200 }, () => screen.call('session.login', { badge: screener.badge, pin: '9731' })));
    const counted = codes(results);
    expect(counted.NOT_AUTHENTICATED).toBe(1);
    // The connection's call lane refuses what is past its bound (BUSY) before a PIN is looked at;
    // of what it lets through, all but the first meet the PIN check in flight (CONFLICT).
    expect(counted.CONFLICT).toBeGreaterThan(0);
    expect((counted.CONFLICT ?? 0) + (counted.BUSY ?? 0)).toBe(199);
    expect(results.find((r) => !r.ok && r.error.code === 'CONFLICT')).toMatchObject({ error: { message: expect.stringMatching(/Wait for that answer/) } });
    expect(refusalsOf(station, screener.id)).toBe(1);
  });

  it('the service itself checks at most the threshold of PINs however many arrive at once, and a locked badge costs no scrypt', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const pins = countingPins();
    const service = new OperatorService(station.store, station.workflow.training, 'live', DEFAULT_OPERATOR_POLICY, () => new Date(), pins);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => service.authenticate(screener.badge, String(5000 + i), 'login')));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // One at a time per badge: the first is checked, the others are refused without scrypt.
    expect(pins.checks).toBe(1);
    for (let i = 0; i < 10; i += 1) await service.authenticate(screener.badge, '9731', 'login').catch(() => undefined);
    expect(pins.checks).toBe(5);
    await expect(service.authenticate(screener.badge, '2468', 'login')).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/locked/) });
    expect(pins.checks).toBe(5);
  });

  it('the count is one atomic statement: even with every attempt counted in parallel, no more than the threshold pass', () => {
    station = makeStation();
    const s = station;
    return addOperator(s, 'screener', 'SCR-1').then(() => {
      const now = new Date().toISOString();
      const counted = Array.from({ length: 50 }, () => s.store.transaction(() => s.store.operators.countAttempt('SCR-1', now, 5)));
      expect(counted.filter(Boolean)).toHaveLength(5);
      expect(s.store.operators.byBadge('SCR-1')?.failedAttempts).toBe(5);
    });
  });

  it('an unknown badge runs scrypt like a known one and gets the same words as a wrong PIN', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const pins = countingPins();
    const service = new OperatorService(station.store, station.workflow.training, 'live', DEFAULT_OPERATOR_POLICY, () => new Date(), pins);
    const unknown = await service.authenticate('NOBODY-9', '9731', 'login').catch((e: unknown) => e);
    expect(pins.checks).toBe(1);
    const wrong = await service.authenticate(screener.badge, '9731', 'login').catch((e: unknown) => e);
    expect(pins.checks).toBe(2);
    expect(unknown).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect((unknown as Error).message).toBe((wrong as Error).message);
  });

  it('second-person PINs share the count with logins, one check at a time per badge, and lock the badge', async () => {
    station = makeStation();
    const s = station;
    const coordinator = await addOperator(s, 'coordinator', 'COORD-1');
    const screener = await addOperator(s, 'screener', 'SCR-1');
    const screens: StationConnection[] = [];
    for (let i = 0; i < 20; i += 1) {
      const screen = s.connect();
      expect(await screen.call('session.login', { badge: coordinator.badge, pin: '2468' })).toMatchObject({ ok: true });
      screens.push(screen);
    }
    const scanned = await screens[0]!.call('intake.scan', { code: 'SUSPECT-PARCEL' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    await screens[0]!.call('item.markSuspect', { custodyId, incidentType: 'other', reason: 'Strange odour' });
    await screens[0]!.call('custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' });

    // Two wrong logins first: the second signatures get only three more before the lock.
    for (let i = 0; i < 2; i += 1) await s.connect().call('session.login', { badge: screener.badge, pin: '9731' });
    const release = (screen: StationConnection, pin: string) =>
      screen.call('custody.release', { custodyId, reason: 'Benign', secondOperator: { badge: screener.badge, pin }, sealIntact: true });
    const burst = await Promise.all(screens.flatMap((screen) => Array.from({ length: 10 }, (_, i) => release(screen, String(7000 + i)))));
    expect(burst.every((r) => !r.ok)).toBe(true);
    const refused = s.store.audit.eventsFor('operator', screener.id).filter((e) => e.kind === 'operator.loginRefused' || e.kind === 'operator.lockedOut');
    expect(refused.length).toBeLessThanOrEqual(5);
    // Keep guessing one at a time until the lock: never more than five checks in all.
    for (let i = 0; i < 10; i += 1) await release(screens[0]!, '9731');
    expect(refusalsOf(s, screener.id)).toBe(5);
    expect(await release(screens[1]!, '2468')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/locked/) } });
    expect(s.store.items.byCustodyId(custodyId)?.state).toBe('QUARANTINED');
  });

  it('each lockout in a row lasts twice the one before, up to a day; the right PIN starts over', async () => {
    let now = new Date('2026-12-01T08:00:00Z');
    station = makeStation({ now: () => now });
    const s = station;
    const screener = await addOperator(s, 'screener', 'SCR-1');
    const screen = s.connect();
    const lockOnce = async (): Promise<number> => {
      for (let i = 0; i < 5; i += 1) await screen.call('session.login', { badge: screener.badge, pin: '9731' });
      const lockedUntil = s.store.operators.byBadge(screener.badge)!.lockedUntil!;
      const minutes = (new Date(lockedUntil).getTime() - now.getTime()) / 60_000;
      now = new Date(lockedUntil);
      return minutes;
    };
    expect([await lockOnce(), await lockOnce(), await lockOnce()]).toEqual([15, 30, 60]);
    const lockedOut = s.store.audit.eventsFor('operator', screener.id).filter((e) => e.kind === 'operator.lockedOut');
    expect(lockedOut.map((e) => (e.payload as { consecutiveLockouts: number }).consecutiveLockouts)).toEqual([1, 2, 3]);

    expect(await screen.call('session.login', { badge: screener.badge, pin: '2468' })).toMatchObject({ ok: true });
    await screen.call('session.logout', {});
    expect(await lockOnce()).toBe(15);

    expect(lockoutMinutesFor(15, 7)).toBe(960);
    expect(lockoutMinutesFor(15, 8)).toBe(1440);
    expect(lockoutMinutesFor(15, 1000)).toBe(1440);
  });

  it('the station CLI unlocks a locked badge, clears the backoff, and audits it', async () => {
    const dbPath = path.join(tempDir(), 'station.sqlite');
    station = makeStation({ dbPath });
    const admin = await addOperator(station, 'admin', 'ADMIN-1');
    const screen = station.connect();
    for (let i = 0; i < 5; i += 1) await screen.call('session.login', { badge: admin.badge, pin: '9731' });
    expect(await screen.call('session.login', { badge: admin.badge, pin: '2468' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    station.close();
    station = undefined;

    const result = runCli(['unlock', '--badge', admin.badge, '--db', dbPath]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ unlocked: true, badge: admin.badge, operatorId: admin.id, wasLockedUntil: expect.any(String) });

    const store = Store.open(dbPath);
    try {
      expect(store.operators.byBadge(admin.badge)).toMatchObject({ lockedUntil: null, failedAttempts: 0, consecutiveLockouts: 0 });
      const unlocked = store.audit.eventsFor('operator', admin.id).at(-1)!;
      expect(unlocked).toMatchObject({ kind: 'operator.unlocked', actor: expect.stringMatching(/^cli:/), payload: { via: 'cli' } });
    } finally {
      store.close();
    }
    expect(runCli(['verify', '--db', dbPath]).status).toBe(0);

    station = makeStation({ dbPath });
    expect(await station.connect().call('session.login', { badge: admin.badge, pin: '2468' })).toMatchObject({ ok: true });
  });

  it('the unlock CLI refuses a missing badge, a missing database and an unknown badge with one line, exit 2', async () => {
    const dbPath = path.join(tempDir(), 'station.sqlite');
    station = makeStation({ dbPath });
    await addOperator(station, 'admin', 'ADMIN-1');
    station.close();
    station = undefined;
    for (const args of [['unlock', '--db', dbPath], ['unlock', '--badge', 'ADMIN-1'], ['unlock', '--badge', 'ADMIN-1', '--db', `${dbPath}.missing`], ['unlock', '--badge', 'NOBODY-7', '--db', dbPath]]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^mailscreen: unlock/);
    }
  });
});

describe('trivial PINs', () => {
  it('first-run setup refuses a trivial admin PIN, and one shorter than 6 digits, and creates nothing', async () => {
    station = makeStation();
    const screen = station.connect();
    for (const pin of ['123456', '000000', '9731', '104417']) {
      const result = await screen.call('session.setup', { badge: 'ADMIN-104417', name: 'Ada', pin });
      expect(result, pin).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/^pin: .*Choose/) } });
    }
    expect(station.operators.needsSetup()).toBe(true);
    expect(await screen.call('session.setup', { badge: 'ADMIN-104417', name: 'Ada', pin: '739154' })).toMatchObject({ ok: true });
  });

  it('operator creation refuses trivial PINs by role and badge', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADMIN-1');
    const screen = station.connect();
    await screen.call('session.login', { badge: admin.badge, pin: '2468' });
    const create = (badge: string, role: string, pin: string) => screen.call('operator.create', { badge, name: 'New', role, pin });
    expect(await create('SCR-2', 'screener', '4321')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await create('SCR-2', 'screener', '7890')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await create('SCR-50417', 'screener', '0417')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/badge/) } });
    expect(await create('COORD-2', 'coordinator', '5179')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/6 to 12 digits/) } });
    expect(station.store.operators.count()).toBe(1);
    expect(await create('SCR-2', 'screener', '5179')).toMatchObject({ ok: true });
    expect(await create('COORD-2', 'coordinator', '846271')).toMatchObject({ ok: true });
  });
});
