import type Database from 'better-sqlite3';
import type { AuditEvent } from '../../../shared/contract/index.ts';
import { rowToAuditEvent } from '../auditLog.ts';

type Row = Parameters<typeof rowToAuditEvent>[0];

/** A link of the chain: an event's sequence number and hash. */
export interface ChainLink {
  seq: number;
  hash: string;
}

/** What an audit export reads: a contiguous run of the chain. Reads only. */
export interface AuditExportReadModel {
  /** The first event at or after `startIso` and the last before `endIso` (null when there is none). */
  periodBounds(startIso: string, endIso: string): { first: number | null; last: number | null };
  /** The events from `first` to `last`, in order, read one at a time. */
  eventsBetween(first: number, last: number): IterableIterator<AuditEvent>;
  /** The last event recorded before `startIso`: the link an export of a period with no event anchors to. */
  lastBefore(startIso: string): ChainLink | null;
}

export class SqliteAuditExportReadModel implements AuditExportReadModel {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  periodBounds(startIso: string, endIso: string): { first: number | null; last: number | null } {
    return this.#db
      .prepare<[string, string], { first: number | null; last: number | null }>(
        'SELECT (SELECT min(seq) FROM audit_events WHERE at >= ?) AS first, (SELECT max(seq) FROM audit_events WHERE at < ?) AS last',
      )
      .get(startIso, endIso)!;
  }

  *eventsBetween(first: number, last: number): IterableIterator<AuditEvent> {
    for (const row of this.#db.prepare<[number, number], Row>('SELECT * FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq').iterate(first, last)) {
      yield rowToAuditEvent(row);
    }
  }

  lastBefore(startIso: string): ChainLink | null {
    return this.#db.prepare<[string], ChainLink>('SELECT seq, hash FROM audit_events WHERE at < ? ORDER BY seq DESC LIMIT 1').get(startIso) ?? null;
  }
}
