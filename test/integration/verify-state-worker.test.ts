// verify --full's replay and state comparison run in a worker thread with a bounded heap (issue 15,
// point 3): its verdict is the one this thread gives, on an untouched database and on tampered
// rows of every partition of the work (an item, an item's record, a station-wide table), and a
// worker that cannot open the file leaves the check to this thread with the same verdict.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore, verifyStoreParallel } from '../../src/main/store/index.ts';
import { checkStateHere } from '../../src/main/store/verifyStore.ts';
import { inStateWorker, STATE_WORKER_LIMITS } from '../../src/main/store/stateWorkerThread.ts';
import { replayMemory } from '../../src/main/store/replay/index.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { screenerAna, tamperedCopies, weighedLetters } from '../helpers/verifyStation.ts';

const work = tempDir('mailscreen-verify-state-worker-');
const dbPath = path.join(work, 'station.sqlite');
const custodyIds: string[] = [];

beforeAll(async () => {
  const station = makeStation({ dbPath });
  custodyIds.push(...(await weighedLetters(await screenerAna(station), 'WORKER', 6)));
  station.close();
}, 120_000);

const copies = tamperedCopies(dbPath);
afterAll(() => copies.close());
const copyOf = (edit?: (db: Database.Database) => void) => copies.copyOf(edit);

describe('the state check in a worker thread', { timeout: 120_000 }, () => {
  it('runs in the worker, within its heap limits, and answers what this thread answers', async () => {
    const { db } = copyOf();
    const limits: Array<Record<string, unknown>> = [];
    const stats = { inWorker: 0, inThisThread: 0 };
    const here = () => checkStateHere(db, undefined, null);
    const answer = await inStateWorker(db, { anchor: undefined, from: null, hotEntries: replayMemory.hotEntries }, here, stats, (l) => limits.push({ ...l }));
    expect(stats).toEqual({ inWorker: 1, inThisThread: 0 });
    expect(limits).toEqual([expect.objectContaining(STATE_WORKER_LIMITS)]);
    expect(answer).toEqual(here());
    expect(answer.state.count).toBe(0);
  });

  it('finds a tampered item, item record and station-wide row, as the serial check does', async () => {
    const { db } = copyOf((w) => {
      w.prepare('UPDATE items SET state = ? WHERE custody_id = ?').run('CLEARED', custodyIds[2]);
      w.prepare('UPDATE weighings SET grams = 999 WHERE custody_id = ?').run(custodyIds[4]);
      w.prepare("UPDATE operators SET role = 'admin' WHERE badge = 'SCR-A'").run();
    });
    const stats = { inWorker: 0, inThisThread: 0 };
    const parallel = await verifyStoreParallel(db, { workers: 2, minEventsPerWorker: 1, sinceCheckpoint: false, stateStats: stats });
    expect(stats).toEqual({ inWorker: 1, inThisThread: 0 });
    expect(parallel.ok).toBe(false);
    const named = parallel.problems.map((p) => (typeof p === 'string' ? p : `${p.table} ${p.key} ${p.column ?? ''}`));
    expect(named).toEqual([`items ${custodyIds[2]} state`, expect.stringMatching(new RegExp(`^weighings ${custodyIds[4]}/1 \\(row id \\d+\\) grams$`)), expect.stringMatching(/^operators .* role$/)]);
    expect(parallel).toEqual(verifyStore(db));
  });

  it('with every table spilled to its file in the worker, the same verdict', async () => {
    const { db } = copyOf((w) => w.prepare('DELETE FROM weighings WHERE custody_id = ?').run(custodyIds[1]));
    const usual = replayMemory.hotEntries;
    try {
      replayMemory.hotEntries = 1;
      const stats = { inWorker: 0, inThisThread: 0 };
      const parallel = await verifyStoreParallel(db, { sinceCheckpoint: false, stateStats: stats });
      expect(stats.inWorker).toBe(1);
      expect(parallel.problems).toEqual([{ table: 'weighings', key: `${custodyIds[1]}/1`, problem: 'row missing: its audit events say it exists' }]);
      replayMemory.hotEntries = usual;
      expect(parallel).toEqual(verifyStore(db));
    } finally {
      replayMemory.hotEntries = usual;
    }
  });

  it('a worker that cannot open the file leaves the check to this thread: same verdict', async () => {
    const { db, file } = copyOf((w) => w.prepare('UPDATE items SET recipient = ? WHERE custody_id = ?').run('Someone else', custodyIds[0]));
    // The open connection keeps the file; a worker opening it by name finds nothing.
    db.prepare('SELECT count(*) FROM items').get();
    rmSync(file);
    const stats = { inWorker: 0, inThisThread: 0 };
    const parallel = await verifyStoreParallel(db, { sinceCheckpoint: false, stateStats: stats });
    expect(stats).toEqual({ inWorker: 0, inThisThread: 1 });
    expect(parallel.problems).toEqual([expect.objectContaining({ table: 'items', key: custodyIds[0], column: 'recipient', found: 'Someone else' })]);
    expect(parallel).toEqual(verifyStore(db));
  });
});
