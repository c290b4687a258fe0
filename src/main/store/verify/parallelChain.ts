import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ChainVerdict } from '../auditChain.ts';
import { checkChainHere, FROM_GENESIS, joinStretches, ROW_VOCABULARY, seqRange, type ChainStart } from './chainJoin.ts';
import { checkStretchInDb, type StretchReport } from './chainStretch.ts';

export interface ParallelChainOptions {
  /** Where to start: the genesis (default) or a checkpoint already verified. */
  start?: ChainStart;
  /** At most this many worker threads (default: the machine's cores). */
  workers?: number;
  /** A stretch shorter than this many events is checked in this thread: a worker costs a start-up. */
  minEventsPerWorker?: number;
  /**
   * A stretch long enough for one worker is hashed in a worker thread even when only one is
   * allowed (`workers: 1`), never in this one: the station's own check, whose thread serves the screens.
   */
  offThread?: boolean;
  /** Counts what ran where (for tests and the bench: a worker that could not start falls back to this thread). */
  stats?: { workers: number; inThisThread: number };
  /** Told the heap limits each worker runs with, once it runs (for tests). */
  onWorkerLimits?: (limits: ResourceLimits) => void;
  /** false: the windows checked in JavaScript even where the station's SQLite extension is built (the bench's baseline). */
  native?: boolean;
}

const MIN_EVENTS_PER_WORKER = 100_000;

/**
 * A worker holds one row at a time, so its heap needs little room; V8's defaults let each worker's
 * heap fill with garbage rows (a young generation of tens of MB, an old one of GBs) before it
 * collects, and that memory stays with the process after the worker ends (issue 15: +145 MB of
 * resident set after one check of a 100k-item store, +60 MB with these). A worker that outgrows
 * them ends, and its stretch is checked in this thread instead.
 */
export const CHAIN_WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 });

/** [from, to] cut into `parts` stretches of (nearly) equal seq width, in order. */
export function splitRange(from: number, to: number, parts: number): Array<[number, number]> {
  const span = to - from + 1;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < parts; i += 1) {
    const lo = from + Math.floor((span * i) / parts);
    const hi = from + Math.floor((span * (i + 1)) / parts) - 1;
    if (hi >= lo) out.push([lo, hi]);
  }
  return out;
}

/**
 * The worker's code: chainWorker.ts beside this module when the station runs from its sources
 * (Node strips the types), chainWorker.cjs beside the Electron main bundle (vite.worker.config.ts).
 */
export function workerFile(moduleUrl: string = import.meta.url): URL {
  return new URL(moduleUrl.endsWith('.cjs') ? './chainWorker.cjs' : './chainWorker.ts', moduleUrl);
}

/** One stretch checked by a worker thread; a worker that cannot run leaves it to this thread. */
function stretchInWorker(db: Database.Database, file: string, from: number, to: number, options: ParallelChainOptions): Promise<StretchReport> {
  const { stats, onWorkerLimits: onLimits, native = true } = options;
  const here = () => {
    if (stats) stats.inThisThread += 1;
    return checkStretchInDb(db, from, to, ROW_VOCABULARY, undefined, native);
  };
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerFile(), { workerData: { file, from, to, vocabulary: ROW_VOCABULARY, native }, resourceLimits: CHAIN_WORKER_LIMITS });
    } catch {
      resolve(here());
      return;
    }
    let settled = false;
    if (onLimits) worker.once('online', () => onLimits(worker.resourceLimits ?? {}));
    worker.once('message', (message: { report?: StretchReport; error?: string }) => {
      settled = true;
      if (stats) stats.workers += 1;
      if (message.report) resolve(message.report);
      else reject(new Error(`verify: a worker could not read the audit log (${message.error ?? 'unknown'})`));
    });
    // A worker that could not start (no loader for its file) or ended without a report: this thread does its stretch.
    const fallBack = () => {
      if (settled) return;
      settled = true;
      try {
        resolve(here());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
  });
}

/**
 * How the chain from `start` to the last event is checked: a verdict already (no event to check, or
 * too few for workers: checked here, now), or the stretches the workers take and their joins' start.
 * checkChainParallel hands the stretches to chain workers; verify --full to its verify workers, each
 * of which hashes its stretch and then replays its part of the state (stateWorkerThread.ts).
 */
export type ChainPlan = { verdict: ChainVerdict } | { stretches: Array<[number, number]>; start: ChainStart };

export function planChain(db: Database.Database, options: ParallelChainOptions = {}): ChainPlan {
  const start = options.start ?? FROM_GENESIS;
  const range = seqRange(db);
  if (!range) return { verdict: { events: 0, ok: true, firstBadSeq: null } };
  const from = start.seq === 0 ? range.min : start.seq + 1;
  if (from > range.max) return { verdict: { events: 0, ok: true, firstBadSeq: null } };
  const span = range.max - from + 1;
  const minPer = options.minEventsPerWorker ?? MIN_EVENTS_PER_WORKER;
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.floor(span / Math.max(1, minPer))));
  const oneWorker = options.offThread === true && span >= minPer;
  if ((workers <= 1 && !oneWorker) || db.memory || db.name === '') {
    if (options.stats) options.stats.inThisThread += 1;
    return { verdict: checkChainHere(db, start, options.native) };
  }
  return { stretches: splitRange(from, range.max, workers), start };
}

/**
 * The hash chain from `start` to the last event, in stretches checked in parallel by worker
 * threads (each opens the database read-only and streams its own stretch); the stretches'
 * joins are checked here. Same verdict as the serial walk, whatever the cut.
 */
export async function checkChainParallel(db: Database.Database, options: ParallelChainOptions = {}): Promise<ChainVerdict> {
  const plan = planChain(db, options);
  if ('verdict' in plan) return plan.verdict;
  const reports = await Promise.all(plan.stretches.map(([lo, hi]) => stretchInWorker(db, db.name, lo, hi, options)));
  return joinStretches(reports, plan.start);
}
