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
  /** The SOP an incident was opened under, as its row keeps it (JSON text); null when the row is gone (purged). */
  incidentProtocol(number: string): string | null;
}

export class SqlitePublishingReadModel implements PublishingReadModel {
  readonly #db: Database.Database;
  #statements: {
    head: Database.Statement<[], ChainLink>;
    link: Database.Statement<[number], ChainLink>;
    after: Database.Statement<[number, number], StoredAuditRow>;
    protocol: Database.Statement<[string], { protocol: string }>;
  } | null = null;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Prepared at first use, once: every station has a reader, only a publishing one reads this. */
  get #sql() {
    this.#statements ??= {
      head: this.#db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
      link: this.#db.prepare('SELECT seq, hash FROM audit_events WHERE seq = ?'),
      after: this.#db.prepare(`SELECT seq, at, actor, station, kind, subject_type AS subjectType, subject_id AS subjectId, mode, payload,
        prev_hash AS prevHash, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?`),
      protocol: this.#db.prepare('SELECT protocol FROM incidents WHERE number = ?'),
    };
    return this.#statements;
  }

  chainHead(): ChainLink | null {
    return this.#sql.head.get() ?? null;
  }

  linkAt(seq: number): ChainLink | null {
    return this.#sql.link.get(seq) ?? null;
  }

  eventsAfter(seq: number, limit: number): StoredAuditRow[] {
    return this.#sql.after.all(seq, limit);
  }

  incidentProtocol(number: string): string | null {
    return this.#sql.protocol.get(number)?.protocol ?? null;
  }
}
