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
  /** A deactivated operator keeps their row and their records, and can neither log in nor sign. */
  active: boolean;
  /** Their PIN was set by an admin (a reset): they choose their own before doing anything else. */
  mustChangePin: boolean;
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
  active: number;
  must_change_pin: number;
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
    active: row.active === 1,
    mustChangePin: row.must_change_pin === 1,
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
  readonly #insert: Database.Statement<Omit<OperatorRow, 'consecutive_lockouts' | 'active' | 'must_change_pin'>>;
  readonly #countAttempt: Database.Statement<[string, string, number], OperatorRow>;
  readonly #lockOut: Database.Statement<[string, string], OperatorRow>;
  readonly #clearLockout: Database.Statement<[string]>;
  readonly #activeAdmins: Database.Statement<[], { n: number }>;
  readonly #setActive: Database.Statement<[number, string]>;
  readonly #setRole: Database.Statement<[string, number, string]>;
  readonly #setPin: Database.Statement<[string, string, number, string]>;

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
    this.#activeAdmins = db.prepare("SELECT count(*) AS n FROM operators WHERE role = 'admin' AND active = 1");
    this.#setActive = db.prepare('UPDATE operators SET active = ? WHERE id = ?');
    // A promotion may ask for a new PIN (a longer one): the flag is only ever raised here, never cleared.
    this.#setRole = db.prepare('UPDATE operators SET role = ?, must_change_pin = max(must_change_pin, ?) WHERE id = ?');
    // A new PIN starts with no attempts counted and no lock: the old PIN's guesses do not count against it.
    this.#setPin = db.prepare(`UPDATE operators SET pin_salt = ?, pin_hash = ?, must_change_pin = ?,
      failed_attempts = 0, locked_until = NULL, consecutive_lockouts = 0 WHERE id = ?`);
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

  insert(record: Omit<OperatorRecord, 'consecutiveLockouts' | 'active' | 'mustChangePin'>): void {
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

  /** Active admins: the station always keeps at least one. Read inside the transaction that changes one. */
  activeAdmins(): number {
    return this.#activeAdmins.get()?.n ?? 0;
  }

  setActive(id: string, active: boolean): void {
    this.#setActive.run(active ? 1 : 0, id);
  }

  setRole(id: string, role: Role, mustChangePin: boolean): void {
    this.#setRole.run(role, mustChangePin ? 1 : 0, id);
  }

  /** A new PIN: set by its owner (`mustChangePin` false) or reset by an admin (true). */
  setPin(id: string, pin: { salt: string; hash: string }, mustChangePin: boolean): void {
    this.#setPin.run(pin.salt, pin.hash, mustChangePin ? 1 : 0, id);
  }

  /** The right PIN, or an unlock: no attempts counted, no lock, the backoff starts over. */
  clearLockout(id: string): void {
    this.#clearLockout.run(id);
  }
}
