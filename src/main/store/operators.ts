import type Database from 'better-sqlite3';
import type { Operator, Role } from '../../shared/contract/index.ts';

export interface OperatorRecord extends Operator {
  pinSalt: string;
  pinHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
  /** Lockouts since the badge's owner last entered the right PIN or was unlocked: each lasts longer. */
  consecutiveLockouts: number;
}

interface OperatorRow {
  id: string;
  badge: string;
  name: string;
  role: string;
  pin_salt: string;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  consecutive_lockouts: number;
}

function toRecord(row: OperatorRow): OperatorRecord {
  return {
    id: row.id,
    badge: row.badge,
    name: row.name,
    role: row.role as Role,
    pinSalt: row.pin_salt,
    pinHash: row.pin_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    consecutiveLockouts: row.consecutive_lockouts,
  };
}

export function publicOperator(record: OperatorRecord): Operator {
  return { id: record.id, badge: record.badge, name: record.name, role: record.role };
}

export class OperatorRepository {
  readonly #count: Database.Statement<[], { n: number }>;
  readonly #byBadge: Database.Statement<[string], OperatorRow>;
  readonly #byId: Database.Statement<[string], OperatorRow>;
  readonly #all: Database.Statement<[], OperatorRow>;
  readonly #insert: Database.Statement<Omit<OperatorRow, 'consecutive_lockouts'>>;
  readonly #countAttempt: Database.Statement<[string, string, number], OperatorRow>;
  readonly #lockOut: Database.Statement<[string, string], OperatorRow>;
  readonly #clearLockout: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#count = db.prepare('SELECT count(*) AS n FROM operators');
    this.#byBadge = db.prepare('SELECT * FROM operators WHERE badge = ?');
    this.#byId = db.prepare('SELECT * FROM operators WHERE id = ?');
    this.#all = db.prepare('SELECT * FROM operators ORDER BY name');
    this.#insert = db.prepare(`INSERT INTO operators
      (id, badge, name, role, pin_salt, pin_hash, failed_attempts, locked_until, created_at)
      VALUES (@id, @badge, @name, @role, @pin_salt, @pin_hash, @failed_attempts, @locked_until, @created_at)`);
    // ISO timestamps of one format compare as text in time order.
    this.#countAttempt = db.prepare(`UPDATE operators SET failed_attempts = failed_attempts + 1
      WHERE badge = ? AND (locked_until IS NULL OR locked_until <= ?) AND failed_attempts < ?
      RETURNING *`);
    this.#lockOut = db.prepare(`UPDATE operators
      SET failed_attempts = 0, locked_until = ?, consecutive_lockouts = consecutive_lockouts + 1
      WHERE id = ? RETURNING *`);
    this.#clearLockout = db.prepare('UPDATE operators SET failed_attempts = 0, locked_until = NULL, consecutive_lockouts = 0 WHERE id = ?');
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }

  byBadge(badge: string): OperatorRecord | null {
    const row = this.#byBadge.get(badge);
    return row ? toRecord(row) : null;
  }

  byId(id: string): OperatorRecord | null {
    const row = this.#byId.get(id);
    return row ? toRecord(row) : null;
  }

  all(): OperatorRecord[] {
    return this.#all.all().map(toRecord);
  }

  insert(record: Omit<OperatorRecord, 'consecutiveLockouts'>): void {
    this.#insert.run({
      id: record.id,
      badge: record.badge,
      name: record.name,
      role: record.role,
      pin_salt: record.pinSalt,
      pin_hash: record.pinHash,
      failed_attempts: record.failedAttempts,
      locked_until: record.lockedUntil,
      created_at: record.createdAt,
    });
  }

  /**
   * Counts one PIN attempt before the PIN is checked, in one statement: the badge is not locked at
   * `nowIso`, fewer than `maxAttempts` attempts are counted, and the count goes up, or nothing
   * changes and the answer is null (unknown badge, locked, or its attempts used up). Parallel
   * attempts therefore cannot all read the same count: at most `maxAttempts` are ever checked.
   */
  countAttempt(badge: string, nowIso: string, maxAttempts: number): OperatorRecord | null {
    const row = this.#countAttempt.get(badge, nowIso, maxAttempts);
    return row ? toRecord(row) : null;
  }

  /** Locks the badge until `lockedUntil`, clears its attempts and counts one more consecutive lockout. */
  lockOut(id: string, lockedUntil: string): OperatorRecord {
    const row = this.#lockOut.get(lockedUntil, id);
    if (!row) throw new Error(`lockOut: no operator ${id}`);
    return toRecord(row);
  }

  /** The right PIN, or an unlock: no attempts counted, no lock, the backoff starts over. */
  clearLockout(id: string): void {
    this.#clearLockout.run(id);
  }
}
