// When the station copies its write-ahead log back into the database file. Left to SQLite, the
// checkpoint runs inside whichever commit crosses wal_autocheckpoint pages (1000 by default: about
// every 90 scans), so that one scan waits for a thousand page writes and an fsync of the database
// file. Here the station checkpoints when it is idle (no write for a moment), and SQLite's own
// checkpoint stays only as a backstop for a flood with no idle moment in it (a conveyor's scanner,
// the intake bench). Not a much larger one: past the size the WAL file had, every commit appends to
// it, and on ext4 its fsync then also journals the file's new length. Measured with bare
// better-sqlite3 (two inserts a commit, synchronous=FULL): a backstop of 10,000 pages took 15-20%
// fewer commits a second than 1000 or 2000; at 2000 the WAL stays at about 8 MB and is written over
// from its start after each checkpoint. Durability is not touched: a commit is durable when its WAL
// frames are synced (synchronous=FULL), before and whatever the checkpoint does.
import type Database from 'better-sqlite3';

/** SQLite's own checkpoint, in WAL pages (4 KiB each; about 180 scans): only when the station had no idle moment for this long. */
export const BACKSTOP_CHECKPOINT_PAGES = 2000;

export interface WalCheckpointOptions {
  /** No write for this long: the station is idle, the checkpoint runs. */
  idleMs?: number;
  /** At an idle moment, checkpoint once this many transactions were committed since the last one... */
  minCommits?: number;
  /** ...and after this long idle, whatever was committed (the WAL is left small while the station rests). */
  restMs?: number;
}

export class WalCheckpoints {
  readonly #db: Database.Database;
  readonly #idleMs: number;
  readonly #minCommits: number;
  readonly #restMs: number;
  #commits = 0;
  #timer: NodeJS.Timeout | null = null;
  #checkpoints = 0;
  #lastFailure: string | null = null;

  constructor(db: Database.Database, options: WalCheckpointOptions = {}) {
    this.#db = db;
    this.#idleMs = options.idleMs ?? 500;
    this.#minCommits = options.minCommits ?? 32;
    this.#restMs = options.restMs ?? 30_000;
  }

  /** A transaction was committed: the checkpoint waits until the writes stop for a moment. */
  committed(): void {
    this.#commits += 1;
    this.#arm(this.#commits >= this.#minCommits ? this.#idleMs : this.#restMs);
  }

  /** Checkpoints done at idle moments, and why the last one failed (null: it did not), for the tests and the log. */
  get stats(): { checkpoints: number; pendingCommits: number; lastFailure: string | null } {
    return { checkpoints: this.#checkpoints, pendingCommits: this.#commits, lastFailure: this.#lastFailure };
  }

  /** No more checkpoints from here (the database is closing; SQLite checkpoints at its close). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#idle(), ms);
    // Never what keeps a CLI command or a closing station alive.
    this.#timer.unref();
  }

  #idle(): void {
    this.#timer = null;
    if (!this.#db.open || this.#commits === 0) return;
    // Inside a transaction (an async step holding it open), the checkpoint would not see its frames: later.
    if (this.#db.inTransaction) {
      this.#arm(this.#idleMs);
      return;
    }
    try {
      // PASSIVE: copies what no reader still needs, never waits for a reader or blocks a writer.
      this.#db.pragma('wal_checkpoint(PASSIVE)');
      this.#checkpoints += 1;
      this.#commits = 0;
      this.#lastFailure = null;
    } catch (error) {
      // Nothing recorded is at stake (the frames stay in the WAL); the backstop or the next idle moment checkpoints.
      this.#lastFailure = error instanceof Error ? error.message : String(error);
    }
  }
}
