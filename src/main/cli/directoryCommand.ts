import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printableFileName, readSiteFileSync } from '../../hardware/index.ts';
// Until src/main/notify/index.ts (the lead's branch) re-exports the directory: then import it from there.
import { DirectoryCsvRefused, importDirectoryCsv, MAX_DIRECTORY_CSV_BYTES, REMOVE_EVERYONE_WITH_CLI_FLAG, type DirectoryImport } from '../notify/index.ts';
import { siteConnectionOf, StationConfigInvalid } from '../core/index.ts';
import { cliActor } from '../records/index.ts';
import { Store } from '../store/index.ts';
import { printJson, UsageError } from './output.ts';

const USAGE = 'directory import <file.csv> --db <file> [--apply [--allow-removing-all]]';

/**
 * `directory import <file.csv> --db <file> [--apply]`: a directory export previewed against the
 * recipient directory (one line per row that cannot be applied, per person added, changed or
 * removed, then the summary), applied with --apply: the whole file or nothing, audited.
 */
export function directoryCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub !== 'import') throw new UsageError(`directory: say what to do: ${USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { db: { type: 'string' }, apply: { type: 'boolean' }, 'allow-removing-all': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(`directory import takes one CSV file: ${USAGE}`);
  if (!values.db) throw new UsageError('directory import needs --db <file> (the station’s database, e.g. data/mailscreen.sqlite)');
  if (!existsSync(values.db) || !statSync(values.db).isFile()) throw new UsageError(`directory import: no database at ${printableFileName(values.db)}`);
  if (values['allow-removing-all'] && !values.apply) throw new UsageError('directory import: --allow-removing-all goes with --apply');
  refuseInASite(values.db);
  const file = path.resolve(positionals[0]!);
  // The export is someone else's file: a regular file (no symlink, FIFO or device), at most 20 MB.
  const bytes = readSiteFileSync(file, { maxBytes: MAX_DIRECTORY_CSV_BYTES });
  const store = Store.open(values.db);
  try {
    let outcome;
    try {
      outcome = importDirectoryCsv(store, bytes, path.basename(file), {
        apply: values.apply === true,
        allowRemovingAll: values['allow-removing-all'] === true,
        toRemoveEveryone: REMOVE_EVERYONE_WITH_CLI_FLAG,
        actor: cliActor(),
        mode: 'live',
      });
    } catch (error) {
      if (error instanceof DirectoryCsvRefused) throw new UsageError(`directory import: ${printableFileName(path.basename(file))}: ${error.message}`);
      throw error;
    }
    printDirectoryImport(outcome);
    if (outcome.refusal) throw new UsageError(`directory import: ${outcome.refusal}`);
    if (!values.apply && outcome.badRows > 0) {
      throw new UsageError(`directory import: ${outcome.badRows} ${outcome.badRows === 1 ? 'row' : 'rows'} cannot be applied (listed above by line): correct them before --apply`);
    }
    return 0;
  } finally {
    store.close();
  }
}

/**
 * A station in a site (its data folder's station.json names one) has the site's directory: an
 * import here would be undone by the site's next revision, so it is made at the site.
 */
function refuseInASite(db: string): void {
  let inASite: boolean;
  try {
    inASite = siteConnectionOf(path.dirname(path.resolve(db))) !== null;
  } catch (error) {
    if (error instanceof StationConfigInvalid) throw new UsageError(`directory import: the station.json beside the database cannot be read (${error.message})`);
    throw error;
  }
  if (inASite) {
    throw new UsageError('directory import: this station is in a site (its station.json names one): its directory is the site\'s. Import it at the site: npm run -s cli -- site directory import <file.csv> --postgres <admin connection string>');
  }
}

/** An import's lines: one per row that cannot be applied, per person added, changed or removed, then the summary (the site's import prints the same). */
export function printDirectoryImport(outcome: DirectoryImport, more: Record<string, unknown> = {}): void {
  const { preview } = outcome;
  for (const problem of outcome.problems) printJson({ problem: problem.problem, line: problem.line, key: problem.key });
  for (const entry of preview.added) printJson({ change: 'added', key: entry.key, name: entry.name, department: entry.department, email: entry.email });
  for (const change of preview.changed) printJson({ change: 'changed', key: change.key, name: change.name, set: change.set, was: change.was });
  for (const person of preview.removed) printJson({ change: 'removed', key: person.key, name: person.name });
  printJson({
    file: outcome.file,
    sha256: outcome.sha256,
    rows: outcome.rows,
    columns: outcome.columns,
    ignoredColumns: outcome.ignoredColumns,
    problems: outcome.problems.length,
    badRows: outcome.badRows,
    added: preview.added.length,
    changed: preview.changed.length,
    removed: preview.removed.length,
    unchanged: preview.unchanged,
    removesEveryone: preview.removesEveryone,
    applied: outcome.applied,
    ...more,
  });
}
