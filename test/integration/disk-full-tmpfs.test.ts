import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, openSync, rmSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStation } from '../../src/main/core/startStation.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { MIB, RESERVE_FILE } from '../../src/main/core/diskSpace.ts';
import { openDatabase } from '../../src/main/store/index.ts';
import { DISK_FULL_MESSAGE } from '../../src/shared/contract/index.ts';
import { useCleanups } from '../helpers/cleanups.ts';
import { tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';

const cleanups = useCleanups();
const FULL = { ok: false, error: { code: 'DISK_FULL', message: DISK_FULL_MESSAGE } };
const DISK_MIB = 48;

/** A real, small disk: a tmpfs mounted on a fresh folder (CI runs as root on Debian 12). */
function mountSmallDisk(): string {
  const dir = tempDir('mailscreen-diskfull-');
  if (process.getuid?.() !== 0) {
    throw new Error(
      'This test fills a real disk: it mounts a tmpfs and needs root (CI runs as root). Run it as root, ' +
        'e.g. in the CI container; the same promises on a simulated full disk are in test/unit/disk-full.test.ts.',
    );
  }
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MIB}m,mode=0700`, 'tmpfs', dir]);
  cleanups.push(() => {
    try {
      execFileSync('umount', [dir]);
    } catch {
      execFileSync('umount', ['-l', dir]);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes zeros into `file` until the disk refuses (ENOSPC); the disk is then really full. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'wx', 0o600);
  let written = 0;
  try {
    for (const size of [MIB, 4096, 1]) {
      const zeros = Buffer.alloc(size);
      for (;;) {
        try {
          written += writeSync(fd, zeros);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

async function login(connection: StationConnection, badge: string, pin: string): Promise<void> {
  expect(await connection.call('session.login', { badge, pin })).toMatchObject({ ok: true, value: { operator: { badge } } });
}

describe('a station whose data folder’s disk fills up (a real tmpfs)', () => {
  it('refuses new items with DISK_FULL, still lets people log in and read, loses nothing, and takes items again once space is freed', async () => {
    const dir = mountSmallDisk();
    const dbPath = path.join(dir, 'mailscreen.sqlite');
    const running = await startStation({ dataDir: dir, demo: false, disk: { floorBytes: 2 * MIB, reserveBytes: 8 * MIB, checkMs: 0 } });
    let open = true;
    cleanups.push(async () => {
      if (open) await running.close();
    });
    const station = running.station;
    await station.disk.reserve?.make();
    expect(lstatSync(path.join(dir, RESERVE_FILE)).blocks * 512).toBeGreaterThanOrEqual(8 * MIB);

    const admin = running.endpoint.connect();
    expect(await admin.call('session.setup', { badge: 'ADMIN-1', name: 'Ada', pin: '739164' })).toMatchObject({ ok: true });
    expect(await admin.call('operator.create', { badge: 'SCR-1', name: 'Sam', role: 'screener', pin: '5821' })).toMatchObject({ ok: true });
    expect(await admin.call('operator.create', { badge: 'COORD-1', name: 'Cara', role: 'coordinator', pin: '830517' })).toMatchObject({ ok: true });
    const screen = running.endpoint.connect();
    await login(screen, 'SCR-1', '5821');
    const scanned = await screen.call('intake.scan', { code: '1Z5R89390357567127' });
    if (!scanned.ok) throw new Error(`scan refused: ${scanned.error.message}`);
    const acknowledged = [(scanned.value as { item: { custodyId: string } }).item.custodyId];

    const filler = path.join(dir, 'filler');
    expect(fillDisk(filler)).toBeGreaterThan(10 * MIB);
    expect(statfsSync(dir).bavail).toBe(0);

    // The monitor has not looked yet (no timer in this test): SQLite itself meets the full disk.
    // Scans go on while its WAL still has room; the first that does not is DISK_FULL, never INTERNAL.
    let refusal: unknown = null;
    for (let n = 0; n < 20_000 && refusal === null; n += 1) {
      const result = await screen.call('intake.scan', { code: `FILL-${n}` });
      if (result.ok) acknowledged.push((result.value as { item: { custodyId: string } }).item.custodyId);
      else refusal = result;
    }
    expect(refusal).toEqual(FULL);
    expect(station.disk.status().state).toBe('full');
    // The reserve went back to the disk the moment SQLite found it full.
    expect(() => lstatSync(path.join(dir, RESERVE_FILE))).toThrow();
    expect(await screen.call('intake.scan', { code: 'ANOTHER-ONE' })).toEqual(FULL);
    expect(await screen.call('item.setDetails', { custodyId: acknowledged[0]!, itemType: 'parcel' })).toEqual(FULL);

    // People still get in and out, and read what is recorded; their events are in the reserve's room.
    const coordinator = running.endpoint.connect();
    await login(coordinator, 'COORD-1', '830517');
    expect(await coordinator.call('item.get', { custodyId: acknowledged[0]! })).toMatchObject({ ok: true, value: { detail: { item: { custodyId: acknowledged[0] } } } });
    expect(await coordinator.call('disk.status', {})).toMatchObject({ ok: true, value: { state: 'full' } });
    expect(await coordinator.call('session.logout', {})).toEqual({ ok: true, value: { ok: true } });
    await login(coordinator, 'COORD-1', '830517');
    // One operator at a time (issue 12): the coordinator's login locked the screener's screen, whose
    // logout is recorded under the screener; the coordinator's own three are read here.
    const coordinatorEvents = station.store.db.prepare("SELECT kind FROM audit_events WHERE actor = (SELECT 'operator:' || id FROM operators WHERE badge = 'COORD-1') AND kind LIKE 'operator.log%' ORDER BY seq").all() as Array<{ kind: string }>;
    expect(coordinatorEvents.slice(-3).map((e) => e.kind)).toEqual(['operator.loggedIn', 'operator.loggedOut', 'operator.loggedIn']);

    // Space is freed: the monitor's next check sees it, sets the reserve aside again, intake goes on.
    unlinkSync(filler);
    expect(station.disk.check().state).not.toBe('full');
    await station.disk.reserve?.make();
    expect(lstatSync(path.join(dir, RESERVE_FILE)).size).toBe(8 * MIB);
    await login(screen, 'SCR-1', '5821');
    const after = await screen.call('intake.scan', { code: 'AFTER-SPACE' });
    expect(after).toMatchObject({ ok: true, value: { created: true } });

    await running.close();
    open = false;
    // Every item acknowledged before and during the full disk is on disk, and the chain verifies.
    const db = openDatabase(dbPath, { readonly: true });
    const stored = new Set((db.prepare('SELECT custody_id FROM items').all() as Array<{ custody_id: string }>).map((row) => row.custody_id));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    for (const custodyId of acknowledged) expect(stored.has(custodyId)).toBe(true);
    expect(stored.size).toBe(acknowledged.length + 1);
    const verify = runCli(['verify', '--db', dbPath]);
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  });
});
