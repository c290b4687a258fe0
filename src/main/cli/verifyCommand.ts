import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// The store's code only, at the start: the reports (an export given) and the site (--site) are
// loaded when asked for, so that the check of a big store has the resident set to itself (the rest
// was ~40 MB before a row was read; issue 15).
import { openDatabase, tablesOf, verifyStoreParallel, ITEM_RECORD_TABLES } from '../store/index.ts';
import { runWithStationSettings } from './stationSettings.ts';
import { parseHeadArgument, readChainAnchor } from './chainAnchor.ts';
import { printJson, printText, UsageError } from './output.ts';

const HELP_WIDTH = 96;

/** `text` in lines of at most HELP_WIDTH columns, the first after `first`, the rest after `rest`. */
function wrapped(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += line === first ? word : ` ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

// Each item record table says what verify compares of it and what not (store/itemRecords): a new one is listed with no edit here.
const ITEM_RECORDS_CHECKED = ITEM_RECORD_TABLES.map((records) => wrapped(`${records.table} (${records.verifyHelp.checks}),`, '      ', '        ')).join('\n');
const ITEM_RECORDS_UNCHECKED = ITEM_RECORD_TABLES.map((records) => records.verifyHelp.unchecked).join('; ');

export const VERIFY_HELP = `usage: npm run -s cli -- verify --db <file> [--full] [--head <seq>:<sha256> | --against <file or folder> | --site [<connection string>]]
       npm run -s cli -- verify --export <file>

verify --db checks a station database (opened read-only, never migrated) and prints one line:
  {"events","ok","firstBadSeq","genesis","chainHead","anchor"?,"checkedFrom"?,"problems","warnings","catalogWarnings"?}
("catalogWarnings": events whose kind or payload this version's catalog cannot read, by seq and
kind; they are in the chain, but what they say of the state tables is not checked.)

--full hashes the whole chain from the genesis hash. Without it, when the station has recorded a
verified checkpoint (it checks its chain at start and every hour, and records the head it found
whole), the chain is hashed from the newest checkpoint on: that event is re-checked (still there,
same hash, its content still giving that hash), then every later event ("checkedFrom" names the
checkpoint). Every event is still replayed against the state tables either way. --head and
--against always check the whole chain. Use --full for an audit, after a restore, or whenever
the database may have been in other hands.

Exit 0: everything below holds. Exit 1: something does not (see "problems"). Exit 2: usage,
or a file that cannot be read or is not one verify knows.

What it detects:
  - any event edited, removed, inserted or reordered, unless every later hash was recomputed
    (the hash chain, SHA-256 from the genesis hash; without --full, from the newest
    checkpoint on, and a checkpoint event that is gone or changed);
  - an empty audit log ("no genesis event"): every store since this version starts its log
    with a station.initialized event;
  - with --head <seq>:<sha256> (printed in every report's footer) or --against a backup folder,
    a backup manifest, an audit export or a report PDF the station made: any truncation of the
    log below that head, and any rewrite of an event at or below it, even with every hash
    recomputed;
  - a row of a state table that its audit events do not explain, a row they say exists that
    is gone, and every column that differs, naming table, key and column. The tables:
      items (state, codes, tracking number, carrier, mode, received by, type, recipient,
        sender, dimensions, incident, screening record, disposition),
${ITEM_RECORDS_CHECKED}
      operators (badge, name, role, and the PIN salt and hash through a fingerprint in the log),
      training_records (kind, dates, trainer, recorded by),
      incidents (item, type, mode, reason, the whole SOP in force by its fingerprint, details,
        outcome, lab reference, corrective actions, opened by, closed by, second signature,
        whether closed), incident_steps (who acknowledged, second person, note),
        incident_entries (persons, notifications, witness statements, responders, in order),
      legal_holds (subject, reason, placed by, released by, release reason, whether released),
      site_settings (every key and value), retention_policy (the days in force per class),
      directory_people (name, e-mail, department, location, employee ID, badge, source, whether
        listed), directory_departments (key contacts) and directory_proxies (standing proxies).

What it cannot detect:
  - without --full, when a checkpoint is used: any edit, removal or insertion of events
    before the checkpoint's event, hashes recomputed or not. Those events are not hashed
    again: the checkpoint event's hash commits to all of them, but only --full recomputes
    that. The replay still reads every event, so an edit that changes what an event says of a
    state row shows there, unless the row was edited to match. The checkpoints live in the same
    database: whoever can write the file can delete them (the check just gets longer) or add
    one at a rewritten head (then the consistent rewrite passes, as it would pass --full
    without an outside anchor);
  - without an outside head: removal of the newest events, or a consistent rewrite of the
    whole database (events with recomputed hashes, and tables to match) by someone with write
    access. Anchor it: keep reports, exports and backups off the machine and verify against them;
  - changes after the head it is given: events newer than the anchor are checked by the chain
    and the replay only;
${wrapped(
  'columns not replayed: row timestamps (received_at, updated_at, opened_at, closed_at, acknowledged_at, recorded_at, placed_at, ' +
    'released_at; they come from the service clock, not the event), the lockout counters (failed_attempts, locked_until), ' +
    `who last changed a retention class; a directory person's changed_seq (which change the search last indexed); of the item records: ${ITEM_RECORDS_UNCHECKED}; ` +
    'the operational tables print_jobs, webhook_jobs, notice_jobs, device_health_log and station_meta; the signatures and collection_photos ' +
    'rows themselves (the chain holds their SHA-256 in each hand-over, compared in collections); and the search indexes kept from items by triggers ' +
    '(items_recipient_fts, items_received_late, items_late_recipient_fts: whoever can write the file can hide an item from a ' +
    'search by recipient or free text, not from one by tracking number, custody ID, date or state);',
  '  - ',
  '    ',
)}
  - a value an older event did not record: such a column is checked only where its event
    carries it (for example an operator created by an old version: no name or PIN fingerprint;
    a PIN changed by an event that carries no fingerprint is not checked from then on);
  - X-ray image files and the image store: it checks the records, not the files (a backup
    checks each image against its SHA-256 name);
  - in a database from before genesis events ("genesis": false, a warning), removal of events
    from the start together with a renumbered, recomputed chain;
  - in a database of an early schema, a table the replay cannot read (a warning names it).

--site [<connection string>] compares the database with what the site database holds of this
station (without a connection string: the "site" of station.json in the database's folder) (its chain hashed whole, as with --head): it fails when the station is behind the site (the
site holds events this database lacks: removed from its end, or restored from an older backup) or
differs from it (a different hash at an event both hold; "firstDifferentSeq" names the first), and
reports being ahead ("waiting": events not yet sent) as normal. It prints "site" beside the rest:
  {"station","siteHead","stationHead","standing":"same|ahead|not-published|behind|differs","waiting",…}
The connection string is the station's own (its role reads its own rows) or the console's; the
password is best left to PGPASSWORD or ~/.pgpass. A site that cannot be reached is exit 2.

verify --export <file> checks an audit export on its own, with no database.`;

/**
 * `verify --db <file> [--full] [--head s:h | --against f]`: the chain (since the newest checkpoint,
 * or all of it), the genesis, an outside head and the state tables against the events; `verify --export <file>`: the chain of an audit export alone.
 * Exit 0 when everything holds, 1 when not, 2 for usage.
 */
export async function verifyCommand(argv: string[], options: { ownProcess?: boolean } = {}): Promise<number> {
  const { values } = parseArgs({
    // `--site` alone (last, or before another option): the site of station.json in the database's folder.
    args: argv.map((arg, i) => (arg === '--site' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) ? '--site=' : arg)),
    options: { db: { type: 'string' }, export: { type: 'string' }, head: { type: 'string' }, against: { type: 'string' }, site: { type: 'string' }, full: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    printText(`${VERIFY_HELP}\n`);
    return 0;
  }
  if (values.db && values.export) throw new UsageError('verify takes --db <file> or --export <file>, not both');
  if ([values.head, values.against, values.site].filter((given) => given !== undefined).length > 1) throw new UsageError('verify takes one outside head: --head <seq>:<sha256>, --against <file or folder> or --site <connection string>, not two');
  if (values.export) {
    if (values.head || values.against || values.site !== undefined || values.full) throw new UsageError('--head, --against, --site and --full check a database: use them with --db');
    if (!existsSync(values.export)) throw new UsageError(`verify: no export at ${values.export}`);
    const { verifyAuditExport } = await import('../reports/index.ts');
    const verdict = verifyAuditExport(readFileSync(values.export, 'utf8'));
    printJson(verdict);
    return verdict.ok ? 0 : 1;
  }
  if (!values.db) throw new UsageError('verify needs --db <file> (the station database) or --export <file> (an audit export); --help says what it checks');
  if (!existsSync(values.db)) throw new UsageError(`verify: no database at ${values.db}`);
  const anchor = values.head ? parseHeadArgument(values.head) : values.against ? await readChainAnchor(values.against) : undefined;
  // A station's whole store is read: with the station's memory settings, before it is opened. Only
  // in the CLI's own process: relaunching replaces the whole process, whoever else runs in it.
  if (options.ownProcess) runWithStationSettings('verify');
  let db: ReturnType<typeof openDatabase>;
  let tables: Set<string>;
  try {
    db = openDatabase(values.db, { readonly: true });
    tables = tablesOf(db);
  } catch (error) {
    throw new UsageError(`verify: ${values.db} cannot be read as a station database (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!tables.has('station_meta') && !tables.has('audit_events')) {
    db.close();
    throw new UsageError(`verify: ${values.db} is an SQLite database but not a Mailscreen station's (it has neither station_meta nor audit_events)`);
  }
  try {
    if (values.site !== undefined) {
      const { siteOfDataFolder, verifyAgainstSite } = await import('./verifySite.ts');
      return await verifyAgainstSite(db, values.site === '' ? siteOfDataFolder(values.db) : values.site);
    }
    // A one-shot command: its own thread hashes a stretch and then makes the replay's parts, one after the other.
    const verdict = await verifyStoreParallel(db, { ...(anchor ? { anchor } : {}), sinceCheckpoint: !values.full, oneShot: true });
    printJson(verdict);
    return verdict.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

/** `verify` as the CLI's own process runs it (main.ts): relaunched with the station's memory settings first. */
export function verifyInItsOwnProcess(argv: string[]): Promise<number> {
  return verifyCommand(argv, { ownProcess: true });
}
