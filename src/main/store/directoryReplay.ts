import type { CataloguedAuditEvent } from '../../shared/contract/index.ts';
import { canonicalJson } from './canonicalJson.ts';
import { NOT_RECORDED, type ExpectedRow, type TableReplay } from './replay/index.ts';
import type { RowSource } from './rowSource.ts';

// The recipient directory's tables replayed from their events (DESIGN invariant 8): a person's
// e-mail or badge changed in the table behind the station's back is caught like an edited event.

const PERSON_COLUMN: Readonly<Record<string, string>> = {
  name: 'name',
  email: 'email',
  department: 'department',
  location: 'location',
  employeeId: 'employee_id',
  badge: 'badge',
};

const cell = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** directory_people, by key: added (or listed again), changed field by field, removed. */
export class DirectoryPeopleReplay implements TableReplay {
  readonly table = 'directory_people';
  readonly columns = ['name', 'email', 'department', 'location', 'employee_id', 'badge', 'source', 'active'] as const;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.subjectType !== 'person') return;
    const key = event.subjectId;
    switch (event.kind) {
      case 'directory.personAdded': {
        const row: ExpectedRow = { source: cell(event.payload.source) ?? NOT_RECORDED, active: 'true' };
        for (const [field, column] of Object.entries(PERSON_COLUMN)) {
          row[column] = Object.hasOwn(event.payload, field) ? cell((event.payload as Record<string, unknown>)[field]) : NOT_RECORDED;
        }
        this.#rows.set(key, row);
        return;
      }
      case 'directory.personChanged': {
        const row: ExpectedRow = this.#rows.get(key) ?? Object.fromEntries(this.columns.map((c) => [c, NOT_RECORDED]));
        for (const [field, value] of Object.entries(event.payload.set ?? {})) {
          const column = PERSON_COLUMN[field];
          if (column) row[column] = cell(value);
        }
        if (event.payload.source) row.source = event.payload.source;
        this.#rows.set(key, row);
        return;
      }
      case 'directory.personRemoved': {
        const row: ExpectedRow = this.#rows.get(key) ?? Object.fromEntries(this.columns.map((c) => [c, NOT_RECORDED]));
        row.active = 'false';
        this.#rows.set(key, row);
        return;
      }
      default:
        return;
    }
  }
}

/** directory_departments, by name: the contacts the last `directory.departmentContactsSet` gave. */
export class DirectoryDepartmentsReplay implements TableReplay {
  readonly table = 'directory_departments';
  readonly columns = ['contacts'] as const;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind !== 'directory.departmentContactsSet' || event.subjectType !== 'department') return;
    const contacts = event.payload.contacts;
    this.#rows.set(event.subjectId, { contacts: contacts ? canonicalJson(contacts.map((c) => ({ email: c.email, name: c.name }))) : NOT_RECORDED });
  }
}

/** directory_proxies, keyed `<person>/<proxy>`: a standing proxy given and not withdrawn since. */
export class DirectoryProxiesReplay implements TableReplay {
  readonly table = 'directory_proxies';
  readonly columns = [] as const;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind !== 'directory.proxySet' || event.subjectType !== 'person' || typeof event.payload.proxyKey !== 'string') return;
    const key = `${event.subjectId}/${event.payload.proxyKey}`;
    if (event.payload.allowed === false) this.#rows.delete(key);
    else this.#rows.set(key, {});
  }
}

/** A fresh fold of each directory table, in the order verify compares them. */
export const directoryReplays = (): TableReplay[] => [new DirectoryPeopleReplay(), new DirectoryDepartmentsReplay(), new DirectoryProxiesReplay()];

/** How verify reads the directory's rows, in the replays' column names. */
export const DIRECTORY_ROW_SOURCES: Readonly<Record<string, RowSource>> = {
  directory_people: {
    sql: `SELECT key, name, email, department, location, employee_id, badge, source,
      CASE WHEN active = 1 THEN 'true' ELSE 'false' END AS active FROM directory_people`,
  },
  directory_departments: { sql: 'SELECT name AS key, contacts FROM directory_departments', json: ['contacts'] },
  directory_proxies: { sql: "SELECT person_key || '/' || proxy_key AS key FROM directory_proxies" },
};
