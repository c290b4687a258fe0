import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { backupCommand } from '../../src/main/cli/backupCommand.ts';
import { exportCommand } from '../../src/main/cli/exportCommand.ts';
import { historyCommand } from '../../src/main/cli/historyCommand.ts';
import { purgeCommand } from '../../src/main/cli/purgeCommand.ts';
import { reportCommand } from '../../src/main/cli/reportCommand.ts';
import { restoreCommand } from '../../src/main/cli/restoreCommand.ts';
import { searchCommand } from '../../src/main/cli/searchCommand.ts';
import { unlockCommand } from '../../src/main/cli/unlockCommand.ts';
import { verifyCommand } from '../../src/main/cli/verifyCommand.ts';
import { listBackups } from '../../src/main/records/index.ts';
import { tempDir } from '../helpers/station.ts';
import { localToday } from '../helpers/wait.ts';

/** What a connection ran with, read from the connection itself just before it closed (or at the end). */
interface Seen {
  file: string;
  readonly: boolean;
  journalMode: string;
  synchronous: number;
}

// Every better-sqlite3 connection anything in src/ opens is recorded, whichever way it was opened
// (openDatabase, Store.open, or a `new Database(` someone adds later).
const recorder = vi.hoisted(() => ({ open: new Set<BetterSqlite3.Database>(), seen: [] as Seen[] }));

vi.mock('better-sqlite3', async (importOriginal) => {
  const Original = (await importOriginal<{ default: typeof BetterSqlite3 }>()).default;
  const look = (db: BetterSqlite3.Database) => ({
    file: db.name,
    readonly: db.readonly,
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
  });
  class Recorded extends (Original as unknown as new (...args: unknown[]) => BetterSqlite3.Database) {
    constructor(...args: unknown[]) {
      super(...args);
      recorder.open.add(this);
    }

    override close(): this {
      if (this.open) recorder.seen.push(look(this));
      recorder.open.delete(this);
      return super.close();
    }
  }
  return { default: Recorded };
});

function lookAtOpenConnections(): void {
  for (const db of recorder.open) {
    if (db.open) recorder.seen.push({ file: db.name, readonly: db.readonly, journalMode: String(db.pragma('journal_mode', { simple: true })), synchronous: Number(db.pragma('synchronous', { simple: true })) });
  }
}

const silently = async <T>(run: () => T | Promise<T>): Promise<T> => {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await run();
  } finally {
    write.mockRestore();
  }
};

let running: RunningStation | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  recorder.seen.length = 0;
});

describe('every connection the station opens is durable (WAL, synchronous=FULL)', () => {
  it('the station, and every CLI command that writes or reads its database', { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    const dbPath = path.join(dataDir, 'mailscreen.sqlite');
    running = await startStation({ dataDir, demo: false });
    const screen = running.endpoint.connect();
    const setup = await screen.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '739154' });
    expect(setup.ok).toBe(true);
    expect((await screen.call('intake.scan', { code: '1Z5R89390357567127' })).ok).toBe(true);
    lookAtOpenConnections();
    screen.close();
    await running.close();
    running = undefined;
    const stationConnections = recorder.seen.filter((s) => s.file === dbPath && !s.readonly);
    expect(stationConnections.length).toBeGreaterThan(0);

    const out = tempDir();
    const backups = path.join(out, 'backups');
    const restored = path.join(out, 'restored');
    expect(await silently(() => backupCommand(['--db', dbPath, '--to', backups]))).toBe(0);
    const [backupName] = await listBackups(backups);
    expect(await silently(() => restoreCommand(['--from', path.join(backups, backupName!), '--to', restored]))).toBe(0);
    expect(await silently(() => reportCommand(['daily', '--db', dbPath, '--date', localToday(), '--out', path.join(out, 'daily.pdf')]))).toBe(0);
    expect(await silently(() => exportCommand(['--db', dbPath, '--from', localToday(), '--to', localToday(), '--out', path.join(out, 'audit.jsonl')]))).toBe(0);
    expect(await silently(() => purgeCommand(['--db', dbPath, '--dry-run']))).toBe(0);
    expect(await silently(() => verifyCommand(['--db', dbPath]))).toBe(0);
    expect(await silently(() => historyCommand(['--db', dbPath]))).toBe(0);
    expect(await silently(() => searchCommand(['--db', dbPath]))).toBe(0);
    expect(await silently(() => unlockCommand(['--db', dbPath, '--badge', 'ADMIN-1']))).toBe(0);
    lookAtOpenConnections();

    const seen = recorder.seen;
    // Every path above opened the station's database (or the restored one) for writing at least once.
    expect(seen.filter((s) => s.file === dbPath && !s.readonly).length).toBeGreaterThanOrEqual(stationConnections.length + 5);
    expect(seen.some((s) => s.file.startsWith(restored) && !s.readonly)).toBe(true);
    for (const connection of seen) {
      const what = `${connection.file} (${connection.readonly ? 'read-only' : 'read-write'})`;
      if (connection.file.startsWith(backups)) {
        // A backup's copy is made a standalone file on purpose (no -wal beside it), but it is still
        // written with full syncs: its manifest's hash is of what is on the disk.
        expect(connection.synchronous, `synchronous of ${what}`).toBe(2);
        continue;
      }
      expect(connection.journalMode, `journal_mode of ${what}`).toBe('wal');
      // A read-only connection never commits, so its own sync setting cannot lose a record.
      if (!connection.readonly) expect(connection.synchronous, `synchronous of ${what} (2 = FULL)`).toBe(2);
    }
  });
});
