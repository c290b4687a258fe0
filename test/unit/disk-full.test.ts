import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { FileReserve, GB, MIB, refuseOnFullDisk, type DiskMeasure, type DiskReserve } from '../../src/main/core/diskSpace.ts';
import type { CommandHandlers } from '../../src/main/commands/index.ts';
import { DISK_FULL_MESSAGE, type DiskStatus, type EventName } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

const FULL = { ok: false, error: { code: 'DISK_FULL', message: DISK_FULL_MESSAGE } };

function pageCount(s: Station): number {
  return s.store.db.pragma('page_count', { simple: true }) as number;
}

/** SQLite's own limit on the file's size: past it every write that needs a new page is SQLITE_FULL. */
function capDatabase(s: Station, pages: number): void {
  s.store.db.pragma(`max_page_count = ${pages}`);
}

/**
 * The reserved area, as the database sees it: giving it back lets the file grow by `pages` more
 * (on a real disk, FileReserve frees its blocks; test/integration/disk-full-tmpfs.test.ts).
 */
class PageReserve implements DiskReserve {
  readonly bytes = 1 * MIB;
  held = true;
  made = 0;
  released = 0;
  readonly s: () => Station;
  readonly pages: number;
  constructor(s: () => Station, pages: number) {
    this.s = s;
    this.pages = pages;
  }
  make(): Promise<void> {
    if (!this.held) this.made += 1;
    this.held = true;
    return Promise.resolve();
  }
  release(): boolean {
    if (!this.held) return false;
    this.held = false;
    this.released += 1;
    capDatabase(this.s(), pageCount(this.s()) + this.pages);
    return true;
  }
}

async function loggedIn(s: Station, badge: string): Promise<StationConnection> {
  const screen = s.connect();
  const login = await screen.call('session.login', { badge, pin: '2468' });
  expect(login.ok).toBe(true);
  return screen;
}

/** Scans new codes until the station refuses one; returns the custody IDs it acknowledged, and the refusal. */
async function scanUntilRefused(screen: StationConnection, prefix: string): Promise<{ acknowledged: string[]; refusal: unknown }> {
  const acknowledged: string[] = [];
  for (let n = 0; n < 5_000; n += 1) {
    const result = await screen.call('intake.scan', { code: `${prefix}-${n}` });
    if (!result.ok) return { acknowledged, refusal: result };
    acknowledged.push((result.value as { item: { custodyId: string } }).item.custodyId);
  }
  throw new Error('the capped database never filled');
}

describe('a full disk', () => {
  it('answers intake with DISK_FULL in the operator’s words, not INTERNAL, and keeps every acknowledged item', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener');
    const screen = await loggedIn(station, screener.badge);
    const first = await screen.call('intake.scan', { code: '1Z5R89390357567127' });
    expect(first.ok).toBe(true);
    capDatabase(station, pageCount(station));

    const { acknowledged, refusal } = await scanUntilRefused(screen, 'PARCEL');
    expect(refusal).toEqual(FULL);
    // Once refused, always refused until space returns: the station now knows the disk is full.
    expect(await screen.call('intake.scan', { code: 'PARCEL-AFTER' })).toEqual(FULL);
    expect(station.disk.status().state).toBe('full');
    for (const custodyId of acknowledged) expect(station.store.items.byCustodyId(custodyId)).not.toBeNull();
    expect(station.store.items.open(10_000)).toHaveLength(acknowledged.length + 1);
    expect(station.store.audit.verify().ok).toBe(true);
  });

  it('lets operators log in, read records and log out, its events in the reserved area; new items and steps wait for space', async () => {
    const reserve = new PageReserve(() => station!, 64);
    let free = 50 * GB;
    station = makeStation({ disk: { reserve, measure: (): DiskMeasure => ({ freeBytes: free, totalBytes: 100 * GB }), checkMs: 0 } });
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
    const screen = await loggedIn(station, screener.badge);
    const before = await screen.call('intake.scan', { code: 'RB123456785GB' });
    if (!before.ok) throw new Error('scan refused');
    const kept = (before.value as { item: { custodyId: string } }).item.custodyId;
    expect(await screen.call('item.setDetails', { custodyId: kept, itemType: 'parcel' })).toMatchObject({ ok: true });

    const cap = pageCount(station);
    capDatabase(station, cap);
    const { acknowledged, refusal } = await scanUntilRefused(screen, 'LETTER');
    expect(refusal).toEqual(FULL);
    expect(reserve.released).toBe(1);
    expect(station.disk.status()).toMatchObject({ state: 'full' });

    // The database has room again (the reserve), but a new item or a step is still refused: the
    // room is kept for people to get in and out.
    expect(await screen.call('intake.scan', { code: 'LETTER-NEW' })).toEqual(FULL);
    expect(await screen.call('item.setDetails', { custodyId: kept, itemType: 'letter' })).toEqual(FULL);

    // Another operator logs in; the login is recorded, in pages the database got from the reserve.
    const second = station.connect();
    const login = await second.call('session.login', { badge: coordinator.badge, pin: '2468' });
    expect(login).toMatchObject({ ok: true, value: { operator: { badge: coordinator.badge } } });
    expect(station.store.audit.eventsFor('operator', coordinator.id).map((e) => e.kind)).toContain('operator.loggedIn');
    expect(pageCount(station)).toBeGreaterThan(cap);
    // A wrong PIN still counts towards the lockout on a full disk.
    const wrong = await station.connect().call('session.login', { badge: screener.badge, pin: '0000' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    expect(station.store.operators.byBadge(screener.badge)?.failedAttempts).toBe(1);

    // Reading records works.
    expect(await second.call('item.get', { custodyId: kept })).toMatchObject({ ok: true, value: { detail: { item: { custodyId: kept, itemType: 'parcel' } } } });
    expect(await second.call('item.history', { custodyId: kept })).toMatchObject({ ok: true });
    expect(await second.call('intake.list', { limit: 500 })).toMatchObject({ ok: true, value: { items: expect.arrayContaining([expect.objectContaining({ custodyId: kept })]) } });
    expect(await second.call('search.items', { query: 'RB123456785GB', limit: 10 })).toMatchObject({ ok: true, value: { items: [expect.objectContaining({ custodyId: kept })] } });
    // A rescan of an item already taken in brings it up: that is reading, not a new record.
    expect(await second.call('intake.scan', { code: 'RB123456785GB' })).toMatchObject({ ok: true, value: { created: false, item: { custodyId: kept } } });
    expect(await second.call('session.logout', {})).toEqual({ ok: true, value: { ok: true } });
    expect(station.store.audit.eventsFor('operator', coordinator.id).map((e) => e.kind).at(-1)).toBe('operator.loggedOut');

    // Space returns: the monitor sees it, sets the reserve aside again, and intake goes on.
    capDatabase(station, 1_000_000);
    free = 40 * GB;
    expect(station.disk.check().state).toBe('ok');
    expect(reserve.made).toBe(1);
    const after = await screen.call('intake.scan', { code: 'LETTER-AFTER' });
    expect(after).toMatchObject({ ok: true, value: { created: true } });
    for (const custodyId of [kept, ...acknowledged]) expect(station.store.items.byCustodyId(custodyId)).not.toBeNull();
    expect(station.store.audit.verify()).toMatchObject({ ok: true });
  });

  it('warns under the site threshold, goes full under the floor before SQLite fails, and tells the screens', async () => {
    let free = 50 * GB;
    const reserve = new PageReserve(() => station!, 0);
    station = makeStation({ disk: { reserve, measure: () => ({ freeBytes: free, totalBytes: 100 * GB }), checkMs: 0, floorBytes: 64 * MIB } });
    const screener = await addOperator(station, 'screener');
    const admin = await addOperator(station, 'admin', 'ADMIN-1');
    const screen = await loggedIn(station, screener.badge);
    const seen: Array<{ event: EventName; payload: unknown }> = [];
    screen.onEvent((event, payload) => seen.push({ event, payload }));
    const disk = () => seen.filter((e) => e.event === 'disk.status').map((e) => e.payload as DiskStatus);

    expect(await screen.call('disk.status', {})).toMatchObject({ ok: true, value: { state: 'ok', freeBytes: 50 * GB, warningBytes: 2 * GB } });
    free = 1.5 * GB;
    expect(station.disk.check().state).toBe('low');
    expect(disk().at(-1)).toMatchObject({ state: 'low', freeBytes: 1.5 * GB, warningBytes: 2 * GB });
    expect(disk().at(-1)?.detail).toContain('1.5 GB free');
    // Low is a warning: intake goes on.
    expect(await screen.call('intake.scan', { code: 'LOW-1' })).toMatchObject({ ok: true });

    // The threshold is the site's: an admin raising it moves the warning.
    free = 5 * GB;
    expect(station.disk.check().state).toBe('ok');
    const adminScreen = await loggedIn(station, admin.badge);
    expect(await adminScreen.call('site.update', { diskWarningGigabytes: 10 })).toMatchObject({ ok: true, value: { settings: { diskWarningGigabytes: 10 } } });
    // At once, not at the next timed check.
    expect(disk().at(-1)).toMatchObject({ state: 'low', warningBytes: 10 * GB });
    expect(station.disk.check()).toMatchObject({ state: 'low', warningBytes: 10 * GB });
    expect(await adminScreen.call('site.update', { diskWarningGigabytes: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });

    free = 10 * MIB;
    expect(station.disk.check().state).toBe('full');
    expect(reserve.released).toBe(1);
    expect(disk().at(-1)).toMatchObject({ state: 'full' });
    expect(await screen.call('intake.scan', { code: 'FULL-1' })).toEqual(FULL);

    // Back over the floor, but not by enough to set the reserve aside and stay clear of it: still full.
    free = 100 * MIB;
    expect(station.disk.check().state).toBe('full');
    free = 3 * GB;
    expect(station.disk.check().state).toBe('low');
    expect(reserve.held).toBe(true);
    expect(await screen.call('intake.scan', { code: 'FULL-1' })).toMatchObject({ ok: true, value: { created: true } });
    expect(station.store.audit.verify().ok).toBe(true);
  });

  it('answers a write that met the data folder’s full disk (SQLITE_FULL, ENOSPC in the folder) as DISK_FULL, and nothing else', async () => {
    const noted: string[] = [];
    const guard = { full: false, noteFull: () => (noted.push('full'), false) };
    const folder = '/var/lib/mailscreen';
    const enospc = (where: string) => Object.assign(new Error(`ENOSPC: no space left on device, write '${where}'`), { code: 'ENOSPC', path: where });
    const sqliteFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const handlers = refuseOnFullDisk(
      {
        'station.info': () => {
          throw enospc('/var/lib/mailscreen/xray-images/abc.png');
        },
        'device.list': () => Promise.reject(sqliteFull),
        'intake.list': () => {
          throw new Error('something else');
        },
        'report.incident': () => Promise.reject(enospc('/media/usb/incident-7.pdf')),
        'records.backupNow': () => Promise.reject(enospc('/var/lib/mailscreen-other/x')),
      } as unknown as CommandHandlers,
      guard,
      folder,
    );
    const call = (name: string) => Promise.resolve().then(() => (handlers as unknown as Record<string, () => unknown>)[name]!());
    await expect(call('station.info')).rejects.toMatchObject({ code: 'DISK_FULL', message: DISK_FULL_MESSAGE });
    await expect(call('device.list')).rejects.toMatchObject({ code: 'DISK_FULL', message: DISK_FULL_MESSAGE });
    await expect(call('intake.list')).rejects.toThrow('something else');
    // A full USB stick is the stick's problem: it must not stop intake at the station.
    await expect(call('report.incident')).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(call('records.backupNow')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(noted).toEqual(['full', 'full']);
  });
});

describe('the disk reserve', () => {
  it('is a file of real blocks, owner-only, given back at once and made again', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.mailscreen-disk-reserve');
    const reserve = new FileReserve(file, 4 * MIB, () => undefined);
    expect(reserve.held).toBe(false);
    await reserve.make();
    const stats = lstatSync(file);
    expect(reserve.held).toBe(true);
    expect(stats.size).toBe(4 * MIB);
    expect(stats.blocks * 512).toBeGreaterThanOrEqual(4 * MIB); // not sparse: the room is really taken
    expect(stats.mode & 0o777).toBe(0o600);
    expect(new FileReserve(file, 4 * MIB).held).toBe(true); // kept from the last run
    expect(reserve.release()).toBe(true);
    expect(() => lstatSync(file)).toThrow();
    expect(reserve.release()).toBe(false);
    await reserve.make();
    expect(lstatSync(file).size).toBe(4 * MIB);
  });

  it('never follows a link left at its name, and takes no sparse file for a reserve', async () => {
    const dir = tempDir();
    const outside = path.join(tempDir(), 'precious.txt');
    writeFileSync(outside, 'keep me');
    const file = path.join(dir, '.mailscreen-disk-reserve');
    symlinkSync(outside, file);
    const reserve = new FileReserve(file, 2 * MIB, () => undefined);
    expect(reserve.held).toBe(false);
    await reserve.make();
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(lstatSync(file).size).toBe(2 * MIB);

    const sparse = path.join(dir, 'sparse');
    writeFileSync(sparse, '');
    const { truncateSync } = await import('node:fs');
    truncateSync(sparse, 8 * MIB);
    expect(new FileReserve(sparse, 8 * MIB).held).toBe(false);
  });
});
