import type Database from 'better-sqlite3';

/** Where a directory person came from: a CSV export, or the LDAP / Active Directory sync. */
export type DirectorySource = 'csv' | 'ldap';

/** A person's columns (all but the key, the source and whether they are still listed). */
export interface DirectoryPersonFields {
  name: string;
  email: string | null;
  department: string | null;
  location: string | null;
  employeeId: string | null;
  badge: string | null;
}

/** One row of directory_people. */
export interface DirectoryPerson extends DirectoryPersonFields {
  key: string;
  source: DirectorySource;
  /** False once the source no longer lists them: kept, since items still name them. */
  active: boolean;
}

export interface DepartmentContact {
  name: string;
  email: string;
}

interface PersonRow {
  key: string;
  name: string;
  email: string | null;
  department: string | null;
  location: string | null;
  employee_id: string | null;
  badge: string | null;
  source: string;
  active: number;
}

const PERSON_COLUMNS = 'key, name, email, department, location, employee_id, badge, source, active';

function personOf(row: PersonRow): DirectoryPerson {
  return {
    key: row.key,
    name: row.name,
    email: row.email,
    department: row.department,
    location: row.location,
    employeeId: row.employee_id,
    badge: row.badge,
    source: row.source === 'ldap' ? 'ldap' : 'csv',
    active: row.active === 1,
  };
}

/**
 * The recipient directory's tables: directory_people, directory_departments, directory_proxies.
 * Every write here goes with its audit event, in the caller's transaction (notify/directory does
 * both); `changedSeq` is that event's seq.
 */
export class DirectoryRepository {
  readonly #db: Database.Database;
  /** Prepared once per repository: an import of 100,000 people runs each of them as often. */
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Everyone, listed or removed, by key. */
  everyone(): Map<string, DirectoryPerson> {
    const rows = this.#statement(`SELECT ${PERSON_COLUMNS} FROM directory_people`).all() as PersonRow[];
    return new Map(rows.map((row) => [row.key, personOf(row)]));
  }

  /** The people listed now, for the search's index. */
  listed(): DirectoryPerson[] {
    return (this.#statement(`SELECT ${PERSON_COLUMNS} FROM directory_people WHERE active = 1`).all() as PersonRow[]).map(personOf);
  }

  byKey(key: string): DirectoryPerson | null {
    const row = this.#statement(`SELECT ${PERSON_COLUMNS} FROM directory_people WHERE key = ?`).get(key) as PersonRow | undefined;
    return row ? personOf(row) : null;
  }

  /** The listed person with this badge (badges are unique among them). */
  byBadge(badge: string): DirectoryPerson | null {
    const row = this.#statement(`SELECT ${PERSON_COLUMNS} FROM directory_people WHERE badge = ? AND active = 1`).get(badge) as PersonRow | undefined;
    return row ? personOf(row) : null;
  }

  /** Moves whenever a person is added, changed or removed: the search's index is rebuilt when it does. */
  generation(): number {
    const row = this.#statement('SELECT max(changed_seq) AS seq FROM directory_people').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  /** Adds a person, or lists again one who was removed, with every column as given. */
  put(person: Omit<DirectoryPerson, 'active'>, changedSeq: number): void {
    this.#statement(
        `INSERT INTO directory_people (key, name, email, department, location, employee_id, badge, source, active, changed_seq)
         VALUES (@key, @name, @email, @department, @location, @employeeId, @badge, @source, 1, @changedSeq)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email, department = excluded.department,
           location = excluded.location, employee_id = excluded.employee_id, badge = excluded.badge, source = excluded.source,
           active = 1, changed_seq = excluded.changed_seq`,
      )
      .run({ ...person, changedSeq });
  }

  /** Sets the changed fields of a listed person (and the source that now lists them). */
  change(key: string, source: DirectorySource, set: Partial<DirectoryPersonFields>, changedSeq: number): void {
    const columns: Record<keyof DirectoryPersonFields, string> = {
      name: 'name',
      email: 'email',
      department: 'department',
      location: 'location',
      employeeId: 'employee_id',
      badge: 'badge',
    };
    const fields = (Object.keys(set) as Array<keyof DirectoryPersonFields>).filter((field) => set[field] !== undefined);
    const assignments = fields.map((field) => `${columns[field]} = @${field}`);
    this.#statement(`UPDATE directory_people SET ${[...assignments, 'source = @source', 'changed_seq = @changedSeq'].join(', ')} WHERE key = @key`)
      .run({ ...Object.fromEntries(fields.map((field) => [field, set[field]])), source, changedSeq, key });
  }

  /** Lets a person's badge go inside an import that gives it to someone else; their change event sets the new one. */
  clearBadge(key: string): void {
    this.#statement('UPDATE directory_people SET badge = NULL WHERE key = ?').run(key);
  }

  remove(key: string, changedSeq: number): void {
    this.#statement('UPDATE directory_people SET active = 0, changed_seq = ? WHERE key = ?').run(changedSeq, key);
  }

  departmentContacts(department: string): DepartmentContact[] {
    const row = this.#statement('SELECT contacts FROM directory_departments WHERE name = ?').get(department) as { contacts: string } | undefined;
    if (!row) return [];
    try {
      const parsed: unknown = JSON.parse(row.contacts);
      return Array.isArray(parsed)
        ? parsed.filter((c): c is DepartmentContact => typeof c === 'object' && c !== null && typeof (c as DepartmentContact).name === 'string' && typeof (c as DepartmentContact).email === 'string')
        : [];
    } catch {
      // A damaged row gives no contacts (verify names it); a notice then escalates nowhere rather than failing.
      return [];
    }
  }

  setDepartmentContacts(department: string, contacts: readonly DepartmentContact[]): void {
    this.#statement('INSERT INTO directory_departments (name, contacts) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET contacts = excluded.contacts')
      .run(department, JSON.stringify(contacts.map((c) => ({ email: c.email, name: c.name }))));
  }

  /** The people who may collect this person's items. */
  proxiesOf(personKey: string): string[] {
    return (this.#statement('SELECT proxy_key FROM directory_proxies WHERE person_key = ? ORDER BY proxy_key').all(personKey) as Array<{ proxy_key: string }>).map((r) => r.proxy_key);
  }

  setProxy(personKey: string, proxyKey: string, allowed: boolean): void {
    if (allowed) this.#statement('INSERT OR IGNORE INTO directory_proxies (person_key, proxy_key) VALUES (?, ?)').run(personKey, proxyKey);
    else this.#statement('DELETE FROM directory_proxies WHERE person_key = ? AND proxy_key = ?').run(personKey, proxyKey);
  }
}
