import type Database from 'better-sqlite3';
import type { RecordMode } from '../../shared/contract/index.ts';

/** Where a job is: waiting (or waiting to retry), being done, done, or given up on. */
export type JobState = 'queued' | 'running' | 'done' | 'failed';
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed'];

/**
 * A job as its table holds it. `payload` is what was read back, not yet trusted: the job queue
 * parses it with its kind's schema before doing anything with it.
 */
export interface StoredJob<P> {
  id: number;
  /** Jobs of one lane (a printer, a webhook endpoint) are done one at a time, in order. */
  lane: string;
  state: JobState;
  attempts: number;
  lastError: string | null;
  mode: RecordMode;
  payload: P;
  createdAt: string;
  updatedAt: string;
}

export interface JobStateChange {
  state: JobState;
  attempts: number;
  lastError: string | null;
  at: string;
}

/** The rows behind a job queue. Every write is made inside a Store transaction, with its audit event. */
export interface JobStore<T, P> {
  insert(job: { lane: string; work: T; mode: RecordMode; at: string }): StoredJob<P>;
  byId(id: number): StoredJob<P> | null;
  setState(id: number, change: JobStateChange): StoredJob<P>;
  /** Unfinished jobs (queued, and running: left so by a crash when read at start-up), oldest first. */
  pending(): StoredJob<P>[];
  /** The job a lane must finish before any later one: its oldest unfinished job. */
  nextFor(lane: string): StoredJob<P> | null;
  /** The newest jobs first. */
  recent(limit: number): StoredJob<P>[];
  counts(): Record<JobState, number>;
}

interface JobRow {
  id: number;
  lane: string;
  state: string;
  attempts: number;
  last_error: string | null;
  mode: string;
  payload: string;
  created_at: string;
  updated_at: string;
}

const TABLE_NAME = /^[a-z][a-z0-9_]*_jobs$/;

/**
 * A kind of job's own table, of the standard shape, so a new kind of outbound work needs a
 * migration but no repository of its own:
 *
 *   id INTEGER PRIMARY KEY, lane TEXT NOT NULL, payload TEXT NOT NULL (JSON),
 *   state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
 *   attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
 *   mode TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')), created_at TEXT NOT NULL, updated_at TEXT NOT NULL
 *
 * with a partial index on (lane, id) WHERE state IN ('queued', 'running'), and triggers that keep
 * lane, payload, mode and created_at fixed and refuse deletes (see 002-print-jobs). The payload is
 * stored as JSON text and handed back as text: the queue parses it with the kind's schema.
 */
export class JobTable<T> implements JobStore<T, string> {
  readonly #insert: Database.Statement<Omit<JobRow, 'id'>>;
  readonly #byId: Database.Statement<[number], JobRow>;
  readonly #setState: Database.Statement<{ id: number; state: string; attempts: number; last_error: string | null; updated_at: string }>;
  readonly #pending: Database.Statement<[], JobRow>;
  readonly #nextFor: Database.Statement<[string], JobRow>;
  readonly #recent: Database.Statement<[number], JobRow>;
  readonly #counts: Database.Statement<[], { state: string; n: number }>;

  constructor(db: Database.Database, table: string) {
    // The name is the code's, never input; checked all the same because it is spliced into SQL.
    if (!TABLE_NAME.test(table)) throw new Error(`"${table}" is not a job table name (lower-case, ending in _jobs)`);
    this.#insert = db.prepare(`INSERT INTO ${table} (lane, state, attempts, last_error, mode, payload, created_at, updated_at)
      VALUES (@lane, @state, @attempts, @last_error, @mode, @payload, @created_at, @updated_at)`);
    this.#byId = db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
    this.#setState = db.prepare(`UPDATE ${table} SET state = @state, attempts = @attempts, last_error = @last_error, updated_at = @updated_at WHERE id = @id`);
    this.#pending = db.prepare(`SELECT * FROM ${table} WHERE state IN ('queued', 'running') ORDER BY id`);
    this.#nextFor = db.prepare(`SELECT * FROM ${table} WHERE lane = ? AND state IN ('queued', 'running') ORDER BY id LIMIT 1`);
    this.#recent = db.prepare(`SELECT * FROM ${table} ORDER BY id DESC LIMIT ?`);
    this.#counts = db.prepare(`SELECT state, count(*) AS n FROM ${table} GROUP BY state`);
  }

  insert(job: { lane: string; work: T; mode: RecordMode; at: string }): StoredJob<string> {
    const { lastInsertRowid } = this.#insert.run({
      lane: job.lane,
      state: 'queued',
      attempts: 0,
      last_error: null,
      mode: job.mode,
      payload: JSON.stringify(job.work),
      created_at: job.at,
      updated_at: job.at,
    });
    return this.byId(Number(lastInsertRowid))!;
  }

  byId(id: number): StoredJob<string> | null {
    const row = this.#byId.get(id);
    return row ? toStoredJob(row) : null;
  }

  setState(id: number, change: JobStateChange): StoredJob<string> {
    const { changes } = this.#setState.run({ id, state: change.state, attempts: change.attempts, last_error: change.lastError, updated_at: change.at });
    if (changes !== 1) throw new Error(`job ${id} does not exist`);
    return this.byId(id)!;
  }

  pending(): StoredJob<string>[] {
    return this.#pending.all().map(toStoredJob);
  }

  nextFor(lane: string): StoredJob<string> | null {
    const row = this.#nextFor.get(lane);
    return row ? toStoredJob(row) : null;
  }

  recent(limit: number): StoredJob<string>[] {
    return this.#recent.all(limit).map(toStoredJob);
  }

  counts(): Record<JobState, number> {
    const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const { state, n } of this.#counts.all()) counts[state as JobState] = n;
    return counts;
  }
}

function toStoredJob(row: JobRow): StoredJob<string> {
  return {
    id: row.id,
    lane: row.lane,
    // The table's CHECK constraints hold these to the enums.
    state: row.state as JobState,
    attempts: row.attempts,
    lastError: row.last_error,
    mode: row.mode as RecordMode,
    payload: row.payload,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
