import type Database from 'better-sqlite3';
import type { PrintJob, PrintJobState, RecordMode } from '../../shared/contract/index.ts';

interface PrintJobRow {
  id: number;
  printer_id: string;
  template: string;
  subject: string | null;
  payload: string;
  state: string;
  attempts: number;
  last_error: string | null;
  reprint_of: number | null;
  mode: string;
  created_at: string;
  updated_at: string;
}

/** A job as stored: the contract's PrintJob plus what only main needs (the ZPL, the record mode). */
export interface PrintJobRecord extends PrintJob {
  zpl: string;
  mode: RecordMode;
}

export interface NewPrintJob {
  printerId: string;
  template: string;
  subject: string | null;
  zpl: string;
  reprintOf: number | null;
  mode: RecordMode;
  at: string;
}

export interface PrintJobStateChange {
  state: PrintJobState;
  attempts: number;
  lastError: string | null;
  at: string;
}

function toRecord(row: PrintJobRow): PrintJobRecord {
  return {
    id: row.id,
    printerId: row.printer_id,
    template: row.template,
    subject: row.subject,
    state: row.state as PrintJobState,
    attempts: row.attempts,
    lastError: row.last_error,
    reprintOf: row.reprint_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    zpl: row.payload,
    mode: row.mode as RecordMode,
  };
}

/** The contract's view of a job: no ZPL (it can be large) and no internal mode. */
export function publicPrintJob(record: PrintJobRecord): PrintJob {
  const { zpl: _zpl, mode: _mode, ...job } = record;
  return job;
}

/** Callers write through these inside a Store transaction, with the audit event of the change. */
export class PrintJobRepository {
  readonly #insert: Database.Statement<Omit<PrintJobRow, 'id'>>;
  readonly #byId: Database.Statement<[number], PrintJobRow>;
  readonly #setState: Database.Statement<{ id: number; state: string; attempts: number; last_error: string | null; updated_at: string }>;
  readonly #pending: Database.Statement<[], PrintJobRow>;
  readonly #nextFor: Database.Statement<[string], PrintJobRow>;
  readonly #recent: Database.Statement<[number], PrintJobRow>;
  readonly #counts: Database.Statement<[], { state: string; n: number }>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(`INSERT INTO print_jobs
      (printer_id, template, subject, payload, state, attempts, last_error, reprint_of, mode, created_at, updated_at)
      VALUES (@printer_id, @template, @subject, @payload, @state, @attempts, @last_error, @reprint_of, @mode, @created_at, @updated_at)`);
    this.#byId = db.prepare('SELECT * FROM print_jobs WHERE id = ?');
    this.#setState = db.prepare(
      'UPDATE print_jobs SET state = @state, attempts = @attempts, last_error = @last_error, updated_at = @updated_at WHERE id = @id',
    );
    this.#pending = db.prepare("SELECT * FROM print_jobs WHERE state IN ('queued', 'printing') ORDER BY id");
    this.#nextFor = db.prepare(
      "SELECT * FROM print_jobs WHERE printer_id = ? AND state IN ('queued', 'printing') ORDER BY id LIMIT 1",
    );
    this.#recent = db.prepare('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?');
    this.#counts = db.prepare('SELECT state, count(*) AS n FROM print_jobs GROUP BY state');
  }

  insert(job: NewPrintJob): PrintJobRecord {
    const { lastInsertRowid } = this.#insert.run({
      printer_id: job.printerId,
      template: job.template,
      subject: job.subject,
      payload: job.zpl,
      state: 'queued',
      attempts: 0,
      last_error: null,
      reprint_of: job.reprintOf,
      mode: job.mode,
      created_at: job.at,
      updated_at: job.at,
    });
    return this.byId(Number(lastInsertRowid))!;
  }

  byId(id: number): PrintJobRecord | null {
    const row = this.#byId.get(id);
    return row ? toRecord(row) : null;
  }

  setState(id: number, change: PrintJobStateChange): PrintJobRecord {
    const { changes } = this.#setState.run({
      id,
      state: change.state,
      attempts: change.attempts,
      last_error: change.lastError,
      updated_at: change.at,
    });
    if (changes !== 1) throw new Error(`print job ${id} does not exist`);
    return this.byId(id)!;
  }

  /** Unfinished jobs, oldest first: queued, and printing (left so by a crash when read at start-up). */
  pending(): PrintJobRecord[] {
    return this.#pending.all().map(toRecord);
  }

  /** The job a printer must finish before any later one: its oldest unfinished job. */
  nextFor(printerId: string): PrintJobRecord | null {
    const row = this.#nextFor.get(printerId);
    return row ? toRecord(row) : null;
  }

  /** The newest jobs first. */
  recent(limit: number): PrintJobRecord[] {
    return this.#recent.all(limit).map(toRecord);
  }

  /** How many jobs are in each state. */
  counts(): Record<PrintJobState, number> {
    const counts: Record<PrintJobState, number> = { queued: 0, printing: 0, printed: 0, failed: 0 };
    for (const { state, n } of this.#counts.all()) counts[state as PrintJobState] = n;
    return counts;
  }
}
