import type Database from 'better-sqlite3';
import { StationFailure, statesInStage, type ItemState } from '../../shared/contract/index.ts';

/**
 * `recipients`: the recipient's personal data kept apart from the custody record — the notices'
 * addressees and messages, and the hand-over's ID number, signature and photo. Like `images`, it
 * takes the personal bytes and keeps the record and its fingerprints.
 */
export const RECORD_CLASSES = ['items', 'incidents', 'images', 'recipients'] as const;
export type RecordClass = (typeof RECORD_CLASSES)[number];

/** Days each record class is kept after its disposition; null keeps it for ever. */
export type RetentionPolicy = Record<RecordClass, number | null>;

/** Nothing is purged until the site sets a policy: keeping too long is recoverable, purging too early is not. */
export const DEFAULT_RETENTION: RetentionPolicy = { items: null, incidents: null, images: null, recipients: null };

/** States an item leaves the station in; nothing still being handled is ever purged. */
export const FINAL_ITEM_STATES: readonly ItemState[] = statesInStage('closed');

export class RetentionPolicyRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  read(): RetentionPolicy {
    const policy: RetentionPolicy = { ...DEFAULT_RETENTION };
    for (const row of this.#db.prepare('SELECT record_class, days FROM retention_policy').all() as Array<{ record_class: RecordClass; days: number | null }>) {
      policy[row.record_class] = row.days;
    }
    return policy;
  }

  write(changes: Partial<RetentionPolicy>, by: string, at: string): void {
    const put = this.#db.prepare(
      `INSERT INTO retention_policy (record_class, days, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (record_class) DO UPDATE SET days = excluded.days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
    for (const recordClass of RECORD_CLASSES) {
      const days = changes[recordClass];
      if (days === undefined) continue;
      if (days !== null && (!Number.isInteger(days) || days < 0)) {
        throw new StationFailure('INVALID_ARGUMENTS', `Retention for ${recordClass} must be a whole number of days (0 or more), or none to keep for ever.`);
      }
      put.run(recordClass, days, by, at);
    }
  }
}

export type HoldSubject = 'item' | 'incident';

export interface LegalHold {
  id: number;
  subjectType: HoldSubject;
  subjectId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
}

interface HoldRow {
  id: number;
  subject_type: HoldSubject;
  subject_id: string;
  reason: string;
  placed_by: string;
  placed_at: string;
  released_by: string | null;
  released_at: string | null;
  release_reason: string | null;
}

function toHold(r: HoldRow): LegalHold {
  return {
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    reason: r.reason,
    placedBy: r.placed_by,
    placedAt: r.placed_at,
    releasedBy: r.released_by,
    releasedAt: r.released_at,
    releaseReason: r.release_reason,
  };
}

/** Legal holds: while one is active on an item or an incident, none of its records is purged. */
export class LegalHoldRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  place(hold: { subjectType: HoldSubject; subjectId: string; reason: string; by: string; at: string }): LegalHold {
    const id = Number(
      this.#db
        .prepare('INSERT INTO legal_holds (subject_type, subject_id, reason, placed_by, placed_at) VALUES (?, ?, ?, ?, ?)')
        .run(hold.subjectType, hold.subjectId, hold.reason, hold.by, hold.at).lastInsertRowid,
    );
    return this.byId(id)!;
  }

  release(id: number, by: string, reason: string, at: string): LegalHold {
    const hold = this.byId(id);
    if (!hold) throw new StationFailure('NOT_FOUND', `There is no legal hold ${id}.`);
    if (hold.releasedAt) throw new StationFailure('CONFLICT', `Legal hold ${id} was already released on ${hold.releasedAt} by ${hold.releasedBy}.`);
    this.#db.prepare('UPDATE legal_holds SET released_by = ?, released_at = ?, release_reason = ? WHERE id = ?').run(by, at, reason, id);
    return this.byId(id)!;
  }

  byId(id: number): LegalHold | null {
    const row = this.#db.prepare('SELECT * FROM legal_holds WHERE id = ?').get(id) as HoldRow | undefined;
    return row ? toHold(row) : null;
  }

  list(includeReleased: boolean): LegalHold[] {
    const where = includeReleased ? '' : 'WHERE released_at IS NULL';
    return (this.#db.prepare(`SELECT * FROM legal_holds ${where} ORDER BY id`).all() as HoldRow[]).map(toHold);
  }
}
