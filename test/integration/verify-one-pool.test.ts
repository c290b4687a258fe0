// verify --full on one set of workers (issue 15, point 3): each worker hashes its stretch of the chain
// and then replays its part of the state in the same isolate, so no more workers start than the
// check's stretches or the replay's parts (before: a chain worker per stretch and a state worker per
// part, each loading its code and growing a heap of its own), and the verdict is the serial walk's,
// on an untouched store, tampered rows, a broken chain, and from the bundle the Electron station runs.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyStore, verifyStoreParallel } from '../../src/main/store/index.ts';
import { checkStateAside, checkStateHere, checkStatePart, type StateCheck } from '../../src/main/store/verifyStore.ts';
import { checkStretchInDb, ROW_VOCABULARY } from '../../src/main/store/verify/index.ts';
import { replayMemory } from '../../src/main/store/replay/index.ts';
import { STATE_PART_LIMITS } from '../../src/main/store/stateWorkerThread.ts';
import { CHAIN_WORKER_LIMITS } from '../../src/main/store/verify/index.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { screenerAna, tamperedCopies, weighedLetters } from '../helpers/verifyStation.ts';

// Every worker thread the code under test starts, by the file it runs; and, when a test asks, the
// first worker ended as one that outgrows its heap ends: at start, or once it has answered its stretch.
const started = vi.hoisted(() => [] as string[]);
const dying = vi.hoisted(() => ({ first: null as null | 'at-start' | 'after-its-stretch' }));
vi.mock('node:worker_threads', async (original) => {
  const actual = await original<typeof WorkerThreads>();
  class CountedWorker extends actual.Worker {
    /** `dead`: ended, and nothing it posted after that reaches the code under test, as from a worker that died. */
    life: 'alive' | 'dies-after-its-first-message' | 'dead' = 'alive';
    constructor(file: string | URL, options?: WorkerThreads.WorkerOptions) {
      super(file, options);
      const index = started.push(String(file).split('/').pop()!) - 1;
      if (index !== 0 || dying.first === null) return;
      if (dying.first === 'after-its-stretch') this.life = 'dies-after-its-first-message';
      else this.#die();
    }
    #die(): void {
      this.life = 'dead';
      void this.terminate();
    }
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'message' || this.life === 'alive') return super.emit(event, ...args);
      if (this.life === 'dead') return false;
      const delivered = super.emit(event, ...args);
      this.#die();
      return delivered;
    }
  }
  return { ...actual, Worker: CountedWorker };
});

const work = tempDir('mailscreen-verify-one-pool-');
const dbPath = path.join(work, 'station.sqlite');
const custodyIds: string[] = [];

beforeAll(async () => {
  const station = makeStation({ dbPath });
  custodyIds.push(...(await weighedLetters(await screenerAna(station), 'POOL', 8)));
  station.close();
}, 120_000);

const copies = tamperedCopies(dbPath);
afterAll(() => copies.close());
const copyOf = (edit?: (db: Database.Database) => void): Database.Database => copies.copyOf(edit).db;

/** verify --full with `options`, every table spilled, on tampered rows and on a broken chain: the serial walk's verdicts. */
async function spilledAndBroken(options: { workers: number; oneShot?: boolean }): Promise<void> {
  const db = copyOf((w) => {
    w.prepare('UPDATE items SET state = ? WHERE custody_id = ?').run('CLEARED', custodyIds[2]);
    w.prepare("UPDATE operators SET role = 'admin' WHERE badge = 'SCR-A'").run();
  });
  const broken = copyOf((w) => {
    w.exec('DROP TRIGGER audit_events_no_update');
    w.prepare('UPDATE audit_events SET actor = ? WHERE seq = 9').run('someone');
  });
  const usual = replayMemory.hotEntries;
  try {
    replayMemory.hotEntries = 1;
    const rows = await verifyStoreParallel(db, { ...options, minEventsPerWorker: 1, sinceCheckpoint: false });
    const chain = await verifyStoreParallel(broken, { ...options, minEventsPerWorker: 1, sinceCheckpoint: false });
    replayMemory.hotEntries = usual;
    expect(rows.problems).toHaveLength(2);
    expect(rows).toEqual(verifyStore(db));
    expect(chain.ok).toBe(false);
    expect(chain.firstBadSeq).toBe(9);
    expect(chain).toEqual(verifyStore(broken));
  } finally {
    replayMemory.hotEntries = usual;
  }
}

describe('verify --full on one set of workers', { timeout: 120_000 }, () => {
  it('starts one worker per stretch of the chain, each of which also replays its part: not a chain worker and a state worker each', async () => {
    const db = copyOf();
    started.length = 0;
    const stats = { workers: 0, inThisThread: 0 };
    const stateStats = { inWorker: 0, inThisThread: 0 };
    const verdict = await verifyStoreParallel(db, { workers: 2, minEventsPerWorker: 1, sinceCheckpoint: false, stats, stateStats });
    expect(started).toEqual(['stateWorker.ts', 'stateWorker.ts']);
    expect(stats).toEqual({ workers: 2, inThisThread: 0 });
    expect(stateStats).toEqual({ inWorker: 1, inThisThread: 0 });
    expect(verdict.ok).toBe(true);
    expect(verdict).toEqual(verifyStore(db));
  });

  it('with more stretches than the replay has parts, the extra worker only hashes: as many workers as stretches', async () => {
    const db = copyOf((w) => w.prepare('UPDATE weighings SET grams = 999 WHERE custody_id = ?').run(custodyIds[5]));
    started.length = 0;
    const stats = { workers: 0, inThisThread: 0 };
    const stateStats = { inWorker: 0, inThisThread: 0 };
    const verdict = await verifyStoreParallel(db, { workers: 3, minEventsPerWorker: 1, sinceCheckpoint: false, stats, stateStats });
    expect(started).toEqual(['stateWorker.ts', 'stateWorker.ts', 'stateWorker.ts']);
    expect(stats).toEqual({ workers: 3, inThisThread: 0 });
    expect(stateStats).toEqual({ inWorker: 1, inThisThread: 0 });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ table: 'weighings', column: 'grams', found: '999' })]);
    expect(verdict).toEqual(verifyStore(db));
  });

  it("a worker that hashes and replays runs within the replay part's heap limits, which hold a chain worker's; one that only hashes, within the chain worker's", async () => {
    const db = copyOf();
    const limits: Array<Record<string, unknown>> = [];
    await verifyStoreParallel(db, { workers: 3, minEventsPerWorker: 1, sinceCheckpoint: false, onWorkerLimits: (l) => limits.push({ ...l }) });
    expect(STATE_PART_LIMITS.maxOldGenerationSizeMb).toBeGreaterThanOrEqual(CHAIN_WORKER_LIMITS.maxOldGenerationSizeMb);
    expect(STATE_PART_LIMITS.maxYoungGenerationSizeMb).toBeGreaterThanOrEqual(CHAIN_WORKER_LIMITS.maxYoungGenerationSizeMb);
    const sorted = limits.map((l) => l.maxOldGenerationSizeMb).sort();
    expect(sorted).toEqual([CHAIN_WORKER_LIMITS.maxOldGenerationSizeMb, STATE_PART_LIMITS.maxOldGenerationSizeMb, STATE_PART_LIMITS.maxOldGenerationSizeMb].sort());
    for (const l of limits) expect(l.maxYoungGenerationSizeMb).toBe(STATE_PART_LIMITS.maxYoungGenerationSizeMb);
  });

  it('finds a broken chain and tampered rows as the serial walk does, with every table spilled', async () => {
    await spilledAndBroken({ workers: 2 });
  });

  it('a worker that ends before it answers (as one that outgrows its heap does): its stretch is hashed here if it had not answered it, the whole replay is made here, the verdict is the serial walk\'s', async () => {
    const db = copyOf((w) => w.prepare('UPDATE weighings SET grams = 999 WHERE custody_id = ?').run(custodyIds[5]));
    try {
      for (const when of ['at-start', 'after-its-stretch'] as const) {
        dying.first = when;
        started.length = 0;
        const stats = { workers: 0, inThisThread: 0 };
        const stateStats = { inWorker: 0, inThisThread: 0 };
        const verdict = await verifyStoreParallel(db, { workers: 2, minEventsPerWorker: 1, sinceCheckpoint: false, stats, stateStats });
        expect(started).toHaveLength(2);
        expect(stats).toEqual(when === 'at-start' ? { workers: 1, inThisThread: 1 } : { workers: 2, inThisThread: 0 });
        expect(stateStats).toEqual({ inWorker: 0, inThisThread: 1 });
        expect(verdict.problems).toHaveLength(1);
        expect(verdict).toEqual(verifyStore(db));
      }
    } finally {
      dying.first = null;
    }
  });

  describe('as the verify command makes it (oneShot): this thread hashes the first stretch and replays the parts one after the other', () => {
    it('one worker started for two stretches and two parts, which only hashes (within a chain worker\'s limits); the verdict the serial walk\'s', async () => {
      const db = copyOf((w) => w.prepare('UPDATE weighings SET grams = 999 WHERE custody_id = ?').run(custodyIds[5]));
      started.length = 0;
      const stats = { workers: 0, inThisThread: 0 };
      const stateStats = { inWorker: 0, inThisThread: 0 };
      const limits: Array<Record<string, unknown>> = [];
      const usual = replayMemory.hotEntries;
      const verdict = await verifyStoreParallel(db, { workers: 2, minEventsPerWorker: 1, sinceCheckpoint: false, stats, stateStats, oneShot: true, onWorkerLimits: (l) => limits.push({ ...l }) });
      expect(started).toEqual(['stateWorker.ts']);
      expect(limits.map((l) => l.maxOldGenerationSizeMb)).toEqual([CHAIN_WORKER_LIMITS.maxOldGenerationSizeMb]);
      expect(stats).toEqual({ workers: 1, inThisThread: 1 });
      expect(stateStats).toEqual({ inWorker: 1, inThisThread: 0 });
      expect(verdict.problems).toEqual([expect.objectContaining({ table: 'weighings', column: 'grams', found: '999' })]);
      expect(verdict).toEqual(verifyStore(db));
      // This thread's part took a part's share of the hot entries, and gave the setting back.
      expect(replayMemory.hotEntries).toBe(usual);
    });

    it('finds a broken chain and tampered rows as the serial walk does, with every table spilled, and with three stretches', async () => {
      for (const workers of [2, 3]) {
        started.length = 0;
        await spilledAndBroken({ workers, oneShot: true });
        // This thread takes stretch 0 and both parts: a worker for each other stretch, in each of the two checks.
        expect(started).toHaveLength(2 * (workers - 1));
      }
    });

    it('the other worker ends before it answers: its stretch is hashed here, the replay (made here in parts) is not disturbed, the verdict the serial walk\'s', async () => {
      const db = copyOf((w) => w.prepare('UPDATE weighings SET grams = 999 WHERE custody_id = ?').run(custodyIds[5]));
      try {
        dying.first = 'at-start';
        started.length = 0;
        const stats = { workers: 0, inThisThread: 0 };
        const stateStats = { inWorker: 0, inThisThread: 0 };
        const verdict = await verifyStoreParallel(db, { workers: 2, minEventsPerWorker: 1, sinceCheckpoint: false, stats, stateStats, oneShot: true });
        expect(started).toHaveLength(1);
        expect(stats).toEqual({ workers: 0, inThisThread: 2 });
        expect(stateStats).toEqual({ inWorker: 1, inThisThread: 0 });
        expect(verdict.problems).toHaveLength(1);
        expect(verdict).toEqual(verifyStore(db));
      } finally {
        dying.first = null;
      }
    });

    /** The state check as the verify command makes it (ONE_SHOT_PARTS parts, one after the other, here): never a worker. */
    async function asideOneShot(db: Database.Database): Promise<{ checked: StateCheck; stats: { inWorker: number; inThisThread: number } }> {
      started.length = 0;
      const stats = { inWorker: 0, inThisThread: 0 };
      const checked = await checkStateAside(db, undefined, null, stats, undefined, true);
      expect(started).toEqual([]);
      return { checked, stats };
    }

    it('the state check alone (a log too short for chain workers): this thread makes every part, no worker started, the findings the whole check\'s', async () => {
      const db = copyOf((w) => {
        w.prepare('UPDATE items SET recipient = ? WHERE custody_id = ?').run('Someone else', custodyIds[1]);
        w.prepare('UPDATE weighings SET grams = 998 WHERE custody_id = ?').run(custodyIds[6]);
      });
      const { checked, stats } = await asideOneShot(db);
      expect(stats).toEqual({ inWorker: 1, inThisThread: 0 });
      expect(checked.state.count).toBe(2);
      expect(checked).toEqual(checkStateHere(db, undefined, null));
    });

    it('a part this thread cannot make (its own connection refused: the file gone from under it): the whole replay made here, the findings the whole check\'s', async () => {
      const db = copyOf((w) => w.prepare('UPDATE weighings SET grams = 997 WHERE custody_id = ?').run(custodyIds[4]));
      const whole = checkStateHere(db, undefined, null);
      rmSync(db.name);
      const { checked, stats } = await asideOneShot(db);
      expect(stats).toEqual({ inWorker: 0, inThisThread: 1 });
      expect(checked.state.count).toBe(1);
      expect(checked).toEqual(whole);
    });
  });

  describe('the bundle the Electron station runs', () => {
    const bundled = path.resolve(import.meta.dirname, '../../out/main/stateWorker.cjs');

    it('stateWorker.cjs hashes its stretch and then replays its part, answering each as this thread does', async () => {
      expect(existsSync(bundled), 'out/main/stateWorker.cjs: run `npm run build` first').toBe(true);
      const db = copyOf((w) => w.prepare('UPDATE items SET recipient = ? WHERE custody_id = ?').run('Someone else', custodyIds[1]));
      const { Worker } = await import('node:worker_threads');
      const last = db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number;
      const part = { index: 1, count: 2 };
      const messages = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
        const got: Array<Record<string, unknown>> = [];
        const worker = new Worker(bundled, { workerData: { file: db.name, anchor: undefined, from: null, hotEntries: replayMemory.hotEntries, part, stretch: { from: 3, to: last, vocabulary: ROW_VOCABULARY } } });
        worker.on('message', (m: Record<string, unknown>) => got.push(m));
        worker.once('error', reject);
        worker.once('exit', () => resolve(got));
      });
      expect(messages).toEqual([{ stretch: checkStretchInDb(db, 3, last, ROW_VOCABULARY) }, { answer: checkStatePart(db, undefined, null, part) }]);
    });
  });
});
