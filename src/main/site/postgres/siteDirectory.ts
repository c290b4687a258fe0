import type pg from 'pg';
import type { DepartmentContact, DirectoryPerson, DirectorySource } from '../../store/index.ts';
import type { SiteDirectory, SiteDirectoryImport, SiteDirectoryPerson, SiteDirectorySnapshot } from '../siteDirectory.ts';
import { sitePool, withPooledClient } from './siteConnection.ts';

/** People read per query: a directory of 100,000 is 20 round trips, never one result of 100,000 rows in memory twice. */
const PAGE = 5_000;

interface PersonRow {
  key: string;
  name: string;
  email: string | null;
  department: string | null;
  location: string | null;
  employee_id: string | null;
  badge: string | null;
  source: string;
  active: boolean;
}

const sourceOf = (text: string): DirectorySource => (text === 'ldap' ? 'ldap' : 'csv');

function personOf(row: PersonRow): DirectoryPerson {
  return { key: row.key, name: row.name, email: row.email, department: row.department, location: row.location, employeeId: row.employee_id, badge: row.badge, source: sourceOf(row.source), active: row.active };
}

async function* peoplePages(client: pg.ClientBase, listedOnly: boolean): AsyncGenerator<PersonRow[]> {
  for (let after = ''; ; ) {
    const { rows } = await client.query<PersonRow>(
      `SELECT key, name, email, department, location, employee_id, badge, source, active FROM site_directory_people
       WHERE key > $1 ${listedOnly ? 'AND active' : ''} ORDER BY key LIMIT ${PAGE}`,
      [after],
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.key;
  }
}

/** Everyone the site's directory holds, listed or removed, by key: what a site import is previewed against. */
export async function siteDirectoryEveryone(client: pg.ClientBase): Promise<Map<string, DirectoryPerson>> {
  const everyone = new Map<string, DirectoryPerson>();
  for await (const rows of peoplePages(client, false)) for (const row of rows) everyone.set(row.key, personOf(row));
  return everyone;
}

/** The site's newest directory revision and who made it (revision 0, by nobody, before the first). */
export async function siteDirectoryHead(client: pg.ClientBase): Promise<{ revision: number; by: string; at: string | null }> {
  const { rows } = await client.query<{ revision: string; by_role: string; at: Date }>('SELECT revision, by_role, at FROM site_directory_revisions ORDER BY revision DESC LIMIT 1');
  const row = rows[0];
  return row ? { revision: Number(row.revision), by: row.by_role, at: row.at.toISOString() } : { revision: 0, by: '', at: null };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const maybeText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The whole directory at its newest revision. Run inside one REPEATABLE READ transaction (as
 * `readSiteDirectory` does), so the people, contacts and proxies are those of that revision: a
 * change committed meanwhile is the next revision, read at the next pass.
 */
async function snapshotIn(client: pg.ClientBase, peopleRevisionHere: number | null): Promise<SiteDirectorySnapshot> {
  const head = await siteDirectoryHead(client);
  const { rows: imported } = await client.query<{ revision: string | null }>("SELECT max(revision) AS revision FROM site_directory_revisions WHERE change = 'import'");
  const peopleRevision = Number(imported[0]?.revision ?? 0);
  let people: SiteDirectoryPerson[] | null = null;
  if (peopleRevision !== peopleRevisionHere) {
    people = [];
    for await (const rows of peoplePages(client, true)) {
      for (const row of rows) people.push({ key: row.key, name: row.name, email: row.email, department: row.department, location: row.location, employeeId: row.employee_id, badge: row.badge, source: sourceOf(row.source) });
    }
  }
  const departments = (await client.query<{ name: string; contacts: unknown }>('SELECT name, contacts FROM site_directory_departments ORDER BY name')).rows
    // The contacts as the site holds them; a station checks each (an e-mail address, a name) before it applies them.
    .map((row) => ({ name: row.name, contacts: Array.isArray(row.contacts) ? row.contacts.map((c: unknown): DepartmentContact => ({ name: text((c as { name?: unknown } | null)?.name), email: text((c as { email?: unknown } | null)?.email) })) : [] }))
    .filter((department) => department.contacts.length > 0);
  const proxies = (await client.query<{ person_key: string; proxy_key: string }>('SELECT person_key, proxy_key FROM site_directory_proxies ORDER BY person_key, proxy_key')).rows.map((row) => ({ personKey: row.person_key, proxyKey: row.proxy_key }));
  const imports: Partial<Record<DirectorySource, SiteDirectoryImport>> = {};
  const { rows: importRows } = await client.query<{ details: Record<string, unknown> }>(
    "SELECT DISTINCT ON (details->>'source') details FROM site_directory_revisions WHERE change = 'import' ORDER BY details->>'source', revision DESC",
  );
  for (const { details } of importRows) imports[sourceOf(text(details.source))] = { fileName: maybeText(details.fileName), sha256: maybeText(details.sha256) };
  return { revision: head.revision, by: head.by, peopleRevision, people, departments, proxies, imports };
}

/** The whole directory at its newest revision, in one read-only snapshot (any role that reads it: a station's, the console's, the admin's). */
export async function readSiteDirectory(client: pg.ClientBase, peopleRevisionHere: number | null = null): Promise<SiteDirectorySnapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const snapshot = await snapshotIn(client, peopleRevisionHere);
    await client.query('COMMIT');
    return snapshot;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The site's directory read by a station over its own connection (its role reads the directory, writes nothing in it). */
export class PostgresSiteDirectory implements SiteDirectory {
  readonly #pool: pg.Pool;
  readonly #connectionString: string;

  constructor(connectionString: string, options: { applicationName?: string } = {}) {
    this.#connectionString = connectionString;
    this.#pool = sitePool(connectionString, options.applicationName ?? 'mailscreen-station directory');
  }

  async revision(): Promise<number> {
    try {
      return await withPooledClient(this.#pool, this.#connectionString, async (client) => (await siteDirectoryHead(client)).revision);
    } catch (error) {
      // A site database whose schema predates the directory: said in words, the station keeps its own.
      if ((error as { code?: unknown }).code === '42P01') throw new Error('the site database has no directory yet (its schema is older than this station\'s Mailscreen): the site admin runs site init', { cause: error });
      throw error;
    }
  }

  async snapshot(peopleRevisionHere: number | null): Promise<SiteDirectorySnapshot> {
    return await withPooledClient(this.#pool, this.#connectionString, async (client) => await readSiteDirectory(client, peopleRevisionHere));
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }
}
