import type pg from 'pg';
import {
  directoryImportOutcome,
  directoryRefusal,
  entryProblems,
  isEmailAddress,
  previewDirectory,
  readDirectoryExport,
  type DirectoryEntry,
  type DirectoryImport,
  type DirectoryPreview,
} from '../../notify/index.ts';
import type { DepartmentContact, DirectorySource } from '../../store/index.ts';
import { DIRECTORY_LOCK } from './siteDirectorySchema.ts';
import { siteDirectoryEveryone } from './siteDirectory.ts';
import { inTransaction } from './siteConnection.ts';

// The site's directory, changed by its administrator: the same rules and the same preview as a
// station's own directory (notify/directory), applied to the site's tables as one revision.

/** A directory change the site's rules refuse (a proxy for someone not listed, an address that is not one): the admin can act on it. */
export class SiteDirectoryRefused extends Error {
  override name = 'SiteDirectoryRefused';
}

/** What applying a source's entries at the site found and did: the new revision, or why there is none. */
export interface SiteImportApplied {
  preview: DirectoryPreview;
  /** The revision made, or null: a preview, a refusal, or nothing to change. */
  revision: number | null;
  refusal: string | null;
}

async function lockDirectory(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [DIRECTORY_LOCK]);
}

async function newRevision(client: pg.ClientBase, change: 'import' | 'departmentContacts' | 'proxy', details: Record<string, unknown>): Promise<number> {
  const { rows } = await client.query<{ revision: string }>('INSERT INTO site_directory_revisions (change, details) VALUES ($1, $2) RETURNING revision', [change, JSON.stringify(details)]);
  return Number(rows[0]!.revision);
}

const column = (entries: readonly DirectoryEntry[], field: keyof DirectoryEntry): Array<string | null> => entries.map((entry) => entry[field]);

/**
 * Applies `entries` as the whole of `source` at the site, as a station's applyDirectory does at the
 * station: the preview made under the directory's lock (two admins take turns), refused whole while
 * an entry has a problem or when it would remove everyone the source lists unasked, else ONE
 * revision: the removed marked removed, the changed and added written whole. Nothing to change
 * makes no revision (the stations have nothing to fetch). With `apply` false, only the preview.
 */
export async function applySiteDirectoryEntries(
  client: pg.ClientBase,
  entries: readonly DirectoryEntry[],
  source: DirectorySource,
  options: { apply: boolean; allowRemovingAll: boolean; fileName: string | null; sha256: string | null; toRemoveEveryone?: string },
): Promise<SiteImportApplied> {
  if (!options.apply) {
    const everyone = await siteDirectoryEveryone(client);
    return { preview: previewDirectory({ everyone: () => everyone }, entries, source), revision: null, refusal: null };
  }
  return await inTransaction(client, async () => {
    await lockDirectory(client);
    const everyone = await siteDirectoryEveryone(client);
    const preview = previewDirectory({ everyone: () => everyone }, entries, source);
    const refusal = directoryRefusal(preview, options.allowRemovingAll, options.toRemoveEveryone);
    if (refusal !== null) return { preview, revision: null, refusal };
    if (preview.added.length + preview.changed.length + preview.removed.length === 0) return { preview, revision: null, refusal: null };
    const revision = await newRevision(client, 'import', {
      source,
      fileName: options.fileName,
      sha256: options.sha256,
      rows: entries.length,
      added: preview.added.length,
      changed: preview.changed.length,
      removed: preview.removed.length,
      unchanged: preview.unchanged,
    });
    if (preview.removed.length > 0) {
      await client.query('UPDATE site_directory_people SET active = false, revision = $2 WHERE key = ANY($1::text[])', [preview.removed.map((person) => person.key), revision]);
    }
    // A badge may pass from one person to another in the same import: the changed badges are let go first.
    const badgesMoving = preview.changed.filter((change) => change.set.badge !== undefined).map((change) => change.key);
    if (badgesMoving.length > 0) await client.query('UPDATE site_directory_people SET badge = NULL WHERE key = ANY($1::text[])', [badgesMoving]);
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    const written = [...preview.added, ...preview.changed.map((change) => byKey.get(change.key)!)];
    for (let start = 0; start < written.length; start += 5_000) {
      const page = written.slice(start, start + 5_000);
      await client.query(
        `INSERT INTO site_directory_people (key, name, email, department, location, employee_id, badge, source, active, revision)
         SELECT k, n, e, d, l, i, b, $8, true, $9 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(k, n, e, d, l, i, b)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email, department = excluded.department, location = excluded.location,
           employee_id = excluded.employee_id, badge = excluded.badge, source = excluded.source, active = true, revision = excluded.revision`,
        [column(page, 'key'), column(page, 'name'), column(page, 'email'), column(page, 'department'), column(page, 'location'), column(page, 'employeeId'), column(page, 'badge'), source, revision],
      );
    }
    return { preview, revision, refusal: null };
  });
}

/**
 * A directory export imported at the site (`site directory import`): read and previewed by the
 * station's own code (the same CSV rules, bad rows by line), applied with `apply` as one revision.
 * A file that cannot be read as a CSV throws DirectoryCsvRefused, as at a station.
 */
export async function importSiteDirectoryCsv(client: pg.ClientBase, bytes: Buffer, fileName: string, options: { apply: boolean; allowRemovingAll: boolean }): Promise<DirectoryImport & { revision: number | null }> {
  const read = readDirectoryExport(bytes);
  const outcome = await applySiteDirectoryEntries(client, read.csv.entries, 'csv', { ...options, fileName, sha256: read.sha256 });
  return { ...directoryImportOutcome(fileName, read, outcome.preview, options.apply && outcome.refusal === null, outcome.refusal), revision: outcome.revision };
}

/** A department's key contacts at the site, all of them (none: the department has none); one revision. */
export async function setSiteDepartmentContacts(client: pg.ClientBase, department: string, contacts: readonly DepartmentContact[]): Promise<number> {
  const departmentProblem = entryProblems({ key: department, name: department, email: null, department, location: null, employeeId: null, badge: null })[0];
  if (departmentProblem) throw new SiteDirectoryRefused(`the department's name cannot be saved: ${departmentProblem}`);
  for (const contact of contacts) {
    if (!isEmailAddress(contact.email)) throw new SiteDirectoryRefused(`${JSON.stringify(contact.email.slice(0, 80))} is not an e-mail address: correct it and save again`);
    const problem = entryProblems({ key: department, name: contact.name, email: null, department, location: null, employeeId: null, badge: null })[0];
    if (problem) throw new SiteDirectoryRefused(`a contact of ${department} cannot be saved: ${problem}`);
  }
  const kept = contacts.map((c) => ({ email: c.email, name: c.name }));
  return await inTransaction(client, async () => {
    await lockDirectory(client);
    const revision = await newRevision(client, 'departmentContacts', { department, contacts: kept });
    await client.query(
      'INSERT INTO site_directory_departments (name, contacts, revision) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET contacts = excluded.contacts, revision = excluded.revision',
      [department, JSON.stringify(kept), revision],
    );
    return revision;
  });
}

/** A standing proxy at the site, given (both people listed there) or withdrawn; one revision. */
export async function setSiteProxy(client: pg.ClientBase, personKey: string, proxyKey: string, allowed: boolean): Promise<number> {
  if (personKey === proxyKey) throw new SiteDirectoryRefused('a person collects their own items: choose someone else as their proxy');
  return await inTransaction(client, async () => {
    await lockDirectory(client);
    if (allowed) {
      const { rows } = await client.query<{ key: string }>('SELECT key FROM site_directory_people WHERE key = ANY($1::text[]) AND active', [[personKey, proxyKey]]);
      for (const key of [personKey, proxyKey]) {
        if (!rows.some((row) => row.key === key)) throw new SiteDirectoryRefused(`no one listed in the site's directory has the key ${JSON.stringify(key.slice(0, 80))}`);
      }
    } else {
      const { rowCount } = await client.query('SELECT 1 FROM site_directory_proxies WHERE person_key = $1 AND proxy_key = $2', [personKey, proxyKey]);
      if (!rowCount) throw new SiteDirectoryRefused(`${JSON.stringify(proxyKey.slice(0, 80))} is not a standing proxy of ${JSON.stringify(personKey.slice(0, 80))}`);
    }
    const revision = await newRevision(client, 'proxy', { personKey, proxyKey, allowed });
    if (allowed) {
      await client.query('INSERT INTO site_directory_proxies (person_key, proxy_key, revision) VALUES ($1, $2, $3) ON CONFLICT (person_key, proxy_key) DO UPDATE SET revision = excluded.revision', [personKey, proxyKey, revision]);
    } else {
      await client.query('DELETE FROM site_directory_proxies WHERE person_key = $1 AND proxy_key = $2', [personKey, proxyKey]);
    }
    return revision;
  });
}

/** The site directory's revisions, newest first: what each changed, when, by whom. */
export async function siteDirectoryRevisions(client: pg.ClientBase, limit: number): Promise<Array<{ revision: number; at: string; by: string; change: string; details: Record<string, unknown> }>> {
  const { rows } = await client.query<{ revision: string; at: Date; by_role: string; change: string; details: Record<string, unknown> }>(
    'SELECT revision, at, by_role, change, details FROM site_directory_revisions ORDER BY revision DESC LIMIT $1',
    [limit],
  );
  return rows.map((row) => ({ revision: Number(row.revision), at: row.at.toISOString(), by: row.by_role, change: row.change, details: row.details }));
}
