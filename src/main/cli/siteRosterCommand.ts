import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Role, TrainingKind } from '../../shared/contract/index.ts';
import { pinProblem } from '../../shared/domain/index.ts';
import { printableFileName } from '../../hardware/index.ts';
import { hashPin } from '../core/index.ts';
import { Store } from '../store/index.ts';
import { addRosterOperator, changeRosterOperator, connectSite, recordRosterTraining, redactedError, RosterRefused, rosterNow, rosterOperator, unlockRosterOperator } from '../site/index.ts';
import { printJson, UsageError } from './output.ts';

export const SITE_ROSTER_HELP = `usage: npm run -s cli -- site roster <action> --postgres <admin connection string> …
  list                                            the roster now: badge, name, role, active, locked until
  add --badge B --name N --role R                 a new operator (PIN on standard input)
  pin --badge B                                   a new PIN (on standard input), typed by its owner
  role --badge B --role screener|coordinator|admin
  deactivate --badge B | reactivate --badge B     can no longer log in or sign anywhere / can again
  unlock --badge B                                lifts a lockout at every station
  training --badge B --kind K --completed YYYY-MM-DD --expires YYYY-MM-DD [--trainer T]
  import --db <station database>                  a station's operators join the roster with their ids and PIN hashes

The roster is managed here, at the site, and reaches every station within seconds (each applies a
change as events of its own chain, actor site:<your role>). A PIN is read from standard input,
never the command line, and only its scrypt hash reaches the site.`;

function pinFromStdin(action: string): string {
  if (process.stdin.isTTY) throw new UsageError(`site roster ${action} reads the PIN from standard input: printf '%s\\n' <PIN> | npm run -s cli -- site roster ${action} …`);
  const line = readFileSync(0, 'utf8').slice(0, 200).split(/\r?\n/)[0]!.trim();
  if (!/^[0-9]{4,12}$/.test(line)) throw new UsageError(`site roster ${action}: the PIN on standard input must be 4 to 12 digits`);
  return line;
}

function role(text: string | undefined, action: string): Role {
  const parsed = Role.safeParse(text);
  if (!parsed.success) throw new UsageError(`site roster ${action} needs --role screener, coordinator or admin`);
  return parsed.data;
}

function need(value: string | undefined, flag: string, action: string): string {
  if (!value) throw new UsageError(`site roster ${action} needs --${flag}`);
  return value;
}

/** `site roster <action>`: the site's operator roster, with the site administrator's connection. */
export async function siteRosterCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      postgres: { type: 'string' },
      badge: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      kind: { type: 'string' },
      completed: { type: 'string' },
      expires: { type: 'string' },
      trainer: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...extra] = positionals;
  if (values.help || !action) {
    printJson({ usage: SITE_ROSTER_HELP });
    return values.help ? 0 : 2;
  }
  if (extra.length > 0) throw new UsageError(`site roster ${action}: unexpected ${JSON.stringify(extra[0])}`);
  const actions = ['list', 'add', 'pin', 'role', 'deactivate', 'reactivate', 'unlock', 'training', 'import'];
  if (!actions.includes(action)) throw new UsageError(`site roster takes ${actions.join(', ')}, not ${JSON.stringify(action)} (site roster --help)`);
  const adminUrl = values.postgres ?? process.env.MAILSCREEN_SITE_ADMIN;
  if (!adminUrl) throw new UsageError(`site roster ${action} needs --postgres <admin connection string> (or MAILSCREEN_SITE_ADMIN); the password from PGPASSWORD or ~/.pgpass`);
  // Everything that can be refused without the site is refused before connecting (the PIN read and hashed first).
  const badge = action === 'list' || action === 'import' ? '' : need(values.badge, 'badge <badge>', action);
  const typed = action === 'add' || action === 'pin' ? pinFromStdin(action) : '';
  if (action === 'add') {
    const problem = pinProblem(typed, { role: role(values.role, action), badge });
    if (problem) throw new UsageError(`site roster add: ${problem}`);
  }
  const client = await connectSite(adminUrl, 'mailscreen-site-roster');
  try {
    switch (action) {
      case 'list':
        printJson({ roster: await rosterNow(client) });
        return 0;
      case 'add': {
        const name = need(values.name, 'name <name>', action);
        const pin = await hashPin(typed);
        const added = await addRosterOperator(client, { badge, name, role: role(values.role, action), pinSalt: pin.salt, pinHash: pin.hash });
        printJson({ seq: added.seq, operator: { id: added.operator.id, badge, name, role: added.operator.role } });
        return 0;
      }
      case 'pin': {
        const current = await rosterOperator(client, badge);
        const problem = pinProblem(typed, current);
        if (problem) throw new UsageError(`site roster pin: ${problem}`);
        const pin = await hashPin(typed);
        const changed = await changeRosterOperator(client, badge, { pinSalt: pin.salt, pinHash: pin.hash });
        printJson({ seq: changed.seq, badge, pin: 'changed' });
        return 0;
      }
      case 'role':
      case 'deactivate':
      case 'reactivate': {
        const change = action === 'role' ? { role: role(values.role, action) } : { active: action === 'reactivate' };
        const current = await rosterOperator(client, badge);
        const leaves = current.role === 'admin' && current.active && (('role' in change && change.role !== 'admin') || ('active' in change && !change.active));
        if (leaves && (await rosterNow(client)).filter((o) => o.role === 'admin' && o.active).length <= 1) {
          throw new UsageError(`site roster ${action}: ${current.name} is the roster's last active admin; make another operator an admin first`);
        }
        const changed = await changeRosterOperator(client, badge, change);
        printJson({ seq: changed.seq, badge, role: changed.operator.role, active: changed.operator.active });
        return 0;
      }
      case 'unlock':
        printJson({ seq: await unlockRosterOperator(client, badge), badge, unlocked: true });
        return 0;
      case 'training': {
        const kind = TrainingKind.safeParse(values.kind);
        if (!kind.success) throw new UsageError(`site roster training needs --kind ${TrainingKind.options.join(', ')}`);
        const day = (text: string | undefined, flag: string) => {
          if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new UsageError(`site roster training needs --${flag} YYYY-MM-DD`);
          return text;
        };
        const seq = await recordRosterTraining(client, badge, { kind: kind.data, completedOn: day(values.completed, 'completed'), expiresOn: day(values.expires, 'expires'), trainer: values.trainer ?? null });
        printJson({ seq, badge, training: kind.data });
        return 0;
      }
      case 'import':
        printJson(await importStation(client, values.db));
        return 0;
    }
    return 2;
  } catch (error) {
    if (error instanceof RosterRefused) throw new UsageError(`site roster ${action}: ${error.message}`);
    if ((error as { code?: unknown }).code === '42P01') throw new UsageError(`site roster ${action}: the site database has no roster yet: run site init first`);
    if ((error as { code?: unknown }).code === '42501') throw new UsageError(`site roster ${action}: the role in the connection string may not change the roster (${redactedError(error, adminUrl).message}): use the site database's owner`);
    if (error instanceof UsageError) throw error;
    throw redactedError(error, adminUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A station's operators join the roster as they are there (id, badge, name, role, PIN hash,
 * active), so the records they made stay theirs. Passed over: a badge the roster has already, and
 * an operator whose PIN an admin reset (they choose their own PIN first, at their station).
 */
async function importStation(client: Awaited<ReturnType<typeof connectSite>>, db: string | undefined): Promise<{ imported: string[]; passedOver: Array<{ badge: string; why: string }> }> {
  if (!db) throw new UsageError('site roster import needs --db <file> (the station\'s database)');
  if (!existsSync(db) || !statSync(db).isFile()) throw new UsageError(`site roster import: no database at ${printableFileName(db)}`);
  const store = Store.open(db);
  try {
    const imported: string[] = [];
    const passedOver: Array<{ badge: string; why: string }> = [];
    for (const operator of store.operators.all()) {
      if (operator.mustChangePin) {
        passedOver.push({ badge: operator.badge, why: 'their PIN was reset by an admin: they choose their own first' });
        continue;
      }
      try {
        await addRosterOperator(client, { id: operator.id, badge: operator.badge, name: operator.name, role: operator.role, pinSalt: operator.pinSalt, pinHash: operator.pinHash, active: operator.active });
        imported.push(operator.badge);
      } catch (error) {
        if (!(error instanceof RosterRefused)) throw error;
        passedOver.push({ badge: operator.badge, why: error.message });
      }
    }
    return { imported, passedOver };
  } finally {
    store.close();
  }
}
