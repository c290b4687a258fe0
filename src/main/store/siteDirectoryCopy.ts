import type Database from 'better-sqlite3';
import type { DepartmentContact } from './directory.ts';

/** Where the station keeps the site directory revision its directory is a copy of (station_meta; the events say what each did). */
export const SITE_DIRECTORY_REVISION_KEY = 'site_directory_revision';
/** The directory's generation (directory_people's newest change) once that revision was applied: a local change since moves it. */
const SITE_DIRECTORY_GENERATION_KEY = 'site_directory_generation';
/** The site revision that last changed the people this station holds (an import or sync at the site). */
const SITE_DIRECTORY_PEOPLE_KEY = 'site_directory_people_revision';

/**
 * The station's bookkeeping of its copy of the site's directory, in station_meta, and what the
 * copy is compared with when a revision is applied (the departments' contacts and the proxies as
 * this station holds them). Written in the transaction that applies a revision.
 */
export class SiteDirectoryCopy {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare('SELECT value FROM station_meta WHERE key = ?');
    this.#set = db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  #number(key: string): number {
    const value = Number(this.#get.get(key)?.value ?? 0);
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  /** The site revision applied here (0: none yet). */
  revision(): number {
    return this.#number(SITE_DIRECTORY_REVISION_KEY);
  }

  /** The directory's generation when that revision was applied. */
  generation(): number {
    return this.#number(SITE_DIRECTORY_GENERATION_KEY);
  }

  /** The site revision whose people this station holds (0: none yet). */
  peopleRevision(): number {
    return this.#number(SITE_DIRECTORY_PEOPLE_KEY);
  }

  applied(revision: number, peopleRevision: number, generation: number): void {
    this.#set.run(SITE_DIRECTORY_REVISION_KEY, String(revision));
    this.#set.run(SITE_DIRECTORY_PEOPLE_KEY, String(peopleRevision));
    this.#set.run(SITE_DIRECTORY_GENERATION_KEY, String(generation));
  }

  /** Every department with contacts here, by name (a damaged row counts as none: verify names it). */
  departments(): Map<string, DepartmentContact[]> {
    const rows = this.#db.prepare('SELECT name, contacts FROM directory_departments').all() as Array<{ name: string; contacts: string }>;
    const departments = new Map<string, DepartmentContact[]>();
    for (const row of rows) {
      let contacts: DepartmentContact[] = [];
      try {
        const parsed: unknown = JSON.parse(row.contacts);
        if (Array.isArray(parsed)) contacts = parsed.filter((c): c is DepartmentContact => typeof c === 'object' && c !== null && typeof (c as DepartmentContact).name === 'string' && typeof (c as DepartmentContact).email === 'string');
      } catch {
        contacts = [];
      }
      if (contacts.length > 0) departments.set(row.name, contacts);
    }
    return departments;
  }

  /** Every standing proxy here. */
  proxies(): Array<{ personKey: string; proxyKey: string }> {
    return (this.#db.prepare('SELECT person_key, proxy_key FROM directory_proxies ORDER BY person_key, proxy_key').all() as Array<{ person_key: string; proxy_key: string }>).map((row) => ({ personKey: row.person_key, proxyKey: row.proxy_key }));
  }
}
