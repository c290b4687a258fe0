import type Database from 'better-sqlite3';
import type { Operator, Role } from '../../shared/contract/index.ts';

export interface OperatorRecord extends Operator {
  pinSalt: string;
  pinHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
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
  readonly #insert: Database.Statement<OperatorRow>;
  readonly #setAttempts: Database.Statement<[number, string | null, string]>;

  constructor(db: Database.Database) {
    this.#count = db.prepare('SELECT count(*) AS n FROM operators');
    this.#byBadge = db.prepare('SELECT * FROM operators WHERE badge = ?');
    this.#byId = db.prepare('SELECT * FROM operators WHERE id = ?');
    this.#all = db.prepare('SELECT * FROM operators ORDER BY name');
    this.#insert = db.prepare(`INSERT INTO operators
      (id, badge, name, role, pin_salt, pin_hash, failed_attempts, locked_until, created_at)
      VALUES (@id, @badge, @name, @role, @pin_salt, @pin_hash, @failed_attempts, @locked_until, @created_at)`);
    this.#setAttempts = db.prepare('UPDATE operators SET failed_attempts = ?, locked_until = ? WHERE id = ?');
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

  insert(record: OperatorRecord): void {
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

  setLoginAttempts(id: string, failedAttempts: number, lockedUntil: string | null): void {
    this.#setAttempts.run(failedAttempts, lockedUntil, id);
  }
}
