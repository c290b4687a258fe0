import type Database from 'better-sqlite3';
import { recordCheckpoint, verifySinceCheckpointParallel, type IncrementalVerdict } from './checkpoints.ts';
import type { ParallelChainOptions } from './parallelChain.ts';

/**
 * The station's own check hashes in one worker thread, not one per core. A worker costs some 25-35
 * MB while it runs (its V8 isolate and Node environment ~12, its heap ~12, the windows of rows it
 * has read and not yet collected up to ~10, its SQLite connection ~2): with two, the first opening
 * of a store never checked before (the whole chain: 6.8 million events for a million items) peaked
 * at 196-208 MB, at or past the station's 200 MB (issue 15); with one, 161-175 MB, and it settled
 * no later on a busy 2-core machine (64-83 s against 89-97 s: the screens and the other helpers of
 * the machine keep the other core). What it checks and its verdict are the same. `verify` from the
 * CLI still uses every core.
 */
const STATION_CHECK: Omit<ParallelChainOptions, 'start'> = Object.freeze({ workers: 1, offThread: true });

export interface ChainWatchOptions {
  /** The station's own (writable) connection: checkpoints are written through it. */
  db: Database.Database;
  /** How often the check runs after the one at start (default hourly). */
  everyMs?: number;
  now?: () => Date;
  /** How the chain is hashed, over STATION_CHECK (one worker thread): tests count what ran where. */
  parallel?: Omit<ParallelChainOptions, 'start'>;
  /** Every verdict; one that does not hold is the station's to raise. */
  onResult: (verdict: IncrementalVerdict) => void;
  /** What failed while checking (an unreadable database, a full disk when writing the checkpoint). */
  onError: (error: Error) => void;
}

/**
 * The station's everyday check of its own audit chain: at start and then on a schedule, the
 * events since the last checkpoint (the checkpoint's event re-checked first); when the chain
 * holds, its head becomes the next checkpoint. One check at a time; the timer does not keep the
 * process alive.
 */
export class ChainWatch {
  readonly #options: ChainWatchOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<IncrementalVerdict | null> | null = null;
  #stopped = true;

  constructor(options: ChainWatchOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    void this.checkNow();
    this.#timer = setInterval(() => void this.checkNow(), this.#options.everyMs ?? 3_600_000);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One check now; joins one already running. Resolves to its verdict, or null when it failed. */
  checkNow(): Promise<IncrementalVerdict | null> {
    this.#running ??= this.#check().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #check(): Promise<IncrementalVerdict | null> {
    const { db, onResult, onError } = this.#options;
    try {
      const verdict = await verifySinceCheckpointParallel(db, { ...STATION_CHECK, ...this.#options.parallel });
      // A store closed while the workers hashed has nowhere to put the checkpoint.
      if (verdict.ok && verdict.head && db.open && verdict.head.seq > (verdict.checkedFrom?.seq ?? 0)) recordCheckpoint(db, verdict.head, (this.#options.now ?? (() => new Date()))());
      onResult(verdict);
      return verdict;
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
      return null;
    }
  }
}
