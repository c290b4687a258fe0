import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printableFileName, readSiteFileSync } from '../../hardware/index.ts';
import { loadStationConfig, StationConfigInvalid } from '../core/index.ts';
import { DirectoryCsvRefused, MAX_DIRECTORY_CSV_BYTES, ldapRemovingAll, readLdapDirectory, syncDirectory } from '../notify/index.ts';
import {
  applySiteDirectoryEntries,
  connectSite,
  importSiteDirectoryCsv,
  redactedError,
  setSiteDepartmentContacts,
  setSiteProxy,
  siteDirectoryHead,
  siteDirectoryRevisions,
  SiteDirectoryRefused,
} from '../site/index.ts';
import { printDirectoryImport } from './directoryCommand.ts';
import { printJson, UsageError } from './output.ts';

export const SITE_DIRECTORY_HELP = `usage: npm run -s cli -- site directory <action> --postgres <admin connection string> …
  import <file.csv> [--apply [--allow-removing-all]]   a directory export previewed against the site's directory, applied with --apply
  sync --config <data folder>                          the LDAP / Active Directory sync of that folder's station.json (directory.ldap)
  contacts --department D [--contact "Name <e-mail>"]…  a department's key contacts, all of them (none: it has none)
  proxy --person KEY --proxy KEY [--withdraw]          a standing proxy: KEY may collect the person's items (or no longer)
  status                                               the newest revision and the last changes

The directory of every station in the site is managed here, once. Each change is a revision; every
station applies the newest one as events of its own chain (actor site:<your role>) within seconds,
and keeps its last copy offline. The CSV rules, the preview and the bad rows by line are those of a
station's own directory import.`;

function need(value: string | undefined, flag: string, action: string): string {
  if (!value) throw new UsageError(`site directory ${action} needs --${flag}`);
  return value;
}

/** "Name <e-mail>" as a contact. */
function contactOf(text: string): { name: string; email: string } {
  const match = /^(.*)<([^<>]*)>\s*$/.exec(text);
  if (!match || match[1]!.trim() === '') throw new UsageError(`site directory contacts: write each --contact as "Name <e-mail>", not ${JSON.stringify(text.slice(0, 80))}`);
  return { name: match[1]!.trim(), email: match[2]!.trim() };
}

/** `site directory <action>`: the site's recipient directory, with the site administrator's connection. */
export async function siteDirectoryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      postgres: { type: 'string' },
      apply: { type: 'boolean' },
      'allow-removing-all': { type: 'boolean' },
      config: { type: 'string' },
      department: { type: 'string' },
      contact: { type: 'string', multiple: true },
      person: { type: 'string' },
      proxy: { type: 'string' },
      withdraw: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    printJson({ usage: SITE_DIRECTORY_HELP });
    return values.help ? 0 : 2;
  }
  const actions = ['import', 'sync', 'contacts', 'proxy', 'status'];
  if (!actions.includes(action)) throw new UsageError(`site directory takes ${actions.join(', ')}, not ${JSON.stringify(action)} (site directory --help)`);
  if (action === 'import' ? rest.length !== 1 : rest.length > 0) throw new UsageError(action === 'import' ? 'site directory import takes one CSV file' : `site directory ${action}: unexpected ${JSON.stringify(rest[0])}`);
  if ((values.apply || values['allow-removing-all']) && action !== 'import') throw new UsageError('site directory: --apply and --allow-removing-all go with import');
  if (values['allow-removing-all'] && !values.apply) throw new UsageError('site directory import: --allow-removing-all goes with --apply');
  const adminUrl = values.postgres ?? process.env.MAILSCREEN_SITE_ADMIN;
  if (!adminUrl) throw new UsageError(`site directory ${action} needs --postgres <admin connection string> (or MAILSCREEN_SITE_ADMIN); the password from PGPASSWORD or ~/.pgpass`);
  // Everything that can be refused without the site is refused before connecting: the file read first.
  const file = action === 'import' ? path.resolve(rest[0]!) : '';
  // The export is someone else's file: a regular file (no symlink, FIFO or device), at most 20 MB, as at a station.
  const bytes = action === 'import' ? readSiteFileSync(file, { maxBytes: MAX_DIRECTORY_CSV_BYTES }) : null;
  const contacts = action === 'contacts' ? (values.contact ?? []).map(contactOf) : [];
  const department = action === 'contacts' ? need(values.department, 'department <name>', action) : '';
  const folder = action === 'sync' ? need(values.config, 'config <data folder whose station.json has directory.ldap>', action) : '';
  const client = await connectSite(adminUrl, 'mailscreen-site-directory');
  try {
    switch (action) {
      case 'import': {
        const outcome = await importSiteDirectoryCsv(client, bytes!, path.basename(file), { apply: values.apply === true, allowRemovingAll: values['allow-removing-all'] === true });
        printDirectoryImport(outcome, { revision: outcome.revision });
        if (outcome.refusal) throw new UsageError(`site directory import: ${outcome.refusal}`);
        if (!values.apply && outcome.problems.length > 0) throw new UsageError(`site directory import: ${outcome.problems.length} rows cannot be applied (listed above by line): correct them before --apply`);
        return 0;
      }
      case 'sync':
        return await ldapSync(client, folder);
      case 'contacts':
        printJson({ revision: await setSiteDepartmentContacts(client, department, contacts), department, contacts: contacts.length });
        return 0;
      case 'proxy': {
        const person = need(values.person, 'person <key>', action);
        const proxy = need(values.proxy, 'proxy <key>', action);
        printJson({ revision: await setSiteProxy(client, person, proxy, values.withdraw !== true), person, proxy, allowed: values.withdraw !== true });
        return 0;
      }
      case 'status':
        printJson({ ...(await siteDirectoryHead(client)), last: await siteDirectoryRevisions(client, 10) });
        return 0;
    }
    return 2;
  } catch (error) {
    if (error instanceof SiteDirectoryRefused) throw new UsageError(`site directory ${action}: ${error.message}`);
    if (error instanceof DirectoryCsvRefused) throw new UsageError(`site directory import: ${printableFileName(path.basename(file))}: ${error.message}`);
    if (error instanceof UsageError) throw error;
    if ((error as { code?: unknown }).code === '42P01') throw new UsageError(`site directory ${action}: the site database has no directory yet: run site init first`);
    if ((error as { code?: unknown }).code === '42501') throw new UsageError(`site directory ${action}: the role in the connection string may not change the directory (${redactedError(error, adminUrl).message}): use the site database's owner`);
    throw redactedError(error, adminUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The site's LDAP / Active Directory sync, run where the admin runs it: the settings and password
 * file of a data folder's station.json (`directory.ldap`), read as a station's scheduled sync
 * reads them; applied as one revision of the site's 'ldap' people. A read that fails or finds no
 * one, or an apply that is refused, keeps the site's last good directory and says why (exit 2).
 */
async function ldapSync(client: Awaited<ReturnType<typeof connectSite>>, folder: string): Promise<number> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`site directory sync: no folder at ${printableFileName(folder)}`);
  let settings;
  try {
    settings = loadStationConfig(path.join(folder, 'station.json')).directory?.ldap;
  } catch (error) {
    if (error instanceof StationConfigInvalid) throw new UsageError(`site directory sync: ${error.message}`);
    throw error;
  }
  if (!settings) throw new UsageError(`site directory sync: ${printableFileName(path.join(folder, 'station.json'))} has no directory.ldap settings (README, "The recipient directory")`);
  const ldap = settings;
  const result = await syncDirectory(
    () => readLdapDirectory(ldap, { dataFolder: folder }),
    async (entries) => {
      const applied = await applySiteDirectoryEntries(client, entries, 'ldap', { apply: true, fileName: null, sha256: null, ...ldapRemovingAll(ldap, entries.length) });
      if (applied.refusal !== null) throw new Error(applied.refusal);
      return applied;
    },
    () => undefined,
    { allowEmpty: ldap.allowEmpty },
  );
  if (!result.ok) throw new UsageError(`site directory sync: ${result.reason}`);
  const { preview, revision } = result.applied;
  printJson({ source: 'ldap', read: result.read.entries.length, added: preview.added.length, changed: preview.changed.length, removed: preview.removed.length, unchanged: preview.unchanged, revision });
  return 0;
}
