import type Database from 'better-sqlite3';
import type { ChainLink } from './auditExportReadModel.ts';

/** One stored audit event as it is kept: the payload is its canonical JSON text, as hashed. */
export interface StoredAuditRow {
  seq: number;
  at: string;
  actor: string;
  station: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  mode: string;
  payload: string;
  prevHash: string;
  hash: string;
}

/**
 * What the site publisher reads: the chain's head, a link at a position, and the events after one,
 * a bounded run at a time (by the primary key: each read is short, and under WAL it never holds
 * the writer lock against a scan).
 */
export interface PublishingReadModel {
  chainHead(): ChainLink | null;
  linkAt(seq: number): ChainLink | null;
  eventsAfter(seq: number, limit: number): StoredAuditRow[];
}

export class SqlitePublishingReadModel implements PublishingReadModel {
  readonly #head: Database.Statement<[], ChainLink>;
  readonly #link: Database.Statement<[number], ChainLink>;
  readonly #after: Database.Statement<[number, number], StoredAuditRow>;

  constructor(db: Database.Database) {
    this.#head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.#link = db.prepare('SELECT seq, hash FROM audit_events WHERE seq = ?');
    this.#after = db.prepare(`SELECT seq, at, actor, station, kind, subject_type AS subjectType, subject_id AS subjectId, mode, payload,
      prev_hash AS prevHash, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?`);
  }

  chainHead(): ChainLink | null {
    return this.#head.get() ?? null;
  }

  linkAt(seq: number): ChainLink | null {
    return this.#link.get(seq) ?? null;
  }

  eventsAfter(seq: number, limit: number): StoredAuditRow[] {
    return this.#after.all(seq, limit);
  }
}
