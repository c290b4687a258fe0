import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pinProblem } from '../../shared/domain/index.ts';
import { printableFileName } from '../../hardware/index.ts';
import { hashPin } from '../core/index.ts';
import { cliActor } from '../records/index.ts';
import { pinRecordFingerprint, Store } from '../store/index.ts';
import { onSiteRoster } from '../site/index.ts';
import { printJson, UsageError } from './output.ts';

const USAGE = 'operator list --db <file> | operator reset-pin --badge <badge> --db <file> (the new PIN on standard input)';

function openStore(db: string | undefined, what: string): Store {
  if (!db) throw new UsageError(`operator ${what} needs --db <file> (the station’s database, e.g. data/station.sqlite)`);
  if (!existsSync(db) || !statSync(db).isFile()) throw new UsageError(`operator ${what}: no database at ${printableFileName(db)}`);
  return Store.open(db);
}

/**
 * The new PIN, one line on standard input: never on the command line, where the process list and
 * the shell history would keep it. A terminal is refused rather than echoing the PIN as it is typed.
 */
function pinFromStdin(): string {
  if (process.stdin.isTTY) throw new UsageError(`operator reset-pin reads the new PIN from standard input: printf '%s\\n' <PIN> | npm run -s cli -- operator reset-pin --badge <badge> --db <file>`);
  const line = readFileSync(0, 'utf8').slice(0, 200).split(/\r?\n/)[0]!.trim();
  if (!/^[0-9]{4,12}$/.test(line)) throw new UsageError('operator reset-pin: the PIN on standard input must be 4 to 12 digits');
  return line;
}

/**
 * `operator list`: who can log in (badge, name, role, active, a PIN to change, locked until).
 * `operator reset-pin`: the way back in when the only admin forgot their PIN (an unlock does not
 * help then): sets a PIN that must be changed at the next login and lifts any lockout, from a shell
 * on the station itself, audited as `operator.pinReset` with `via: 'cli'` and the account that ran
 * it. A screen already logged in as that operator on a running station stays so until it locks.
 */
export async function operatorCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { badge: { type: 'string' }, db: { type: 'string' } }, strict: true });
  if (action === 'list') {
    const store = openStore(values.db, 'list');
    try {
      const now = new Date();
      for (const o of store.operators.all()) {
        const lockedUntil = o.lockedUntil && new Date(o.lockedUntil) > now ? o.lockedUntil : null;
        printJson({ badge: o.badge, name: o.name, role: o.role, active: o.active, pinToChange: o.mustChangePin, lockedUntil, operatorId: o.id });
      }
      return 0;
    } finally {
      store.close();
    }
  }
  if (action !== 'reset-pin') throw new UsageError(`operator: say what to do: ${USAGE}`);
  if (!values.badge || values.badge.trim() === '') throw new UsageError('operator reset-pin needs --badge <badge code> (the code printed on the operator’s badge)');
  const badge = values.badge.trim();
  const store = openStore(values.db, 'reset-pin');
  try {
    const found = store.operators.byBadge(badge);
    if (!found) throw new UsageError(`operator reset-pin: no operator has badge ${JSON.stringify(printableFileName(badge))} in ${printableFileName(values.db!)}`);
    // A roster operator's PIN is the site's: a PIN set here would have to be changed at the next
    // login, which the station refuses for a roster operator, and the next roster change would
    // overwrite it anyway. The way back in is the site's.
    if (onSiteRoster(store, found.id)) {
      throw new UsageError(
        `operator reset-pin: ${printableFileName(found.name)} is on the site's roster: their PIN is set at the site: printf '%s\\n' <PIN> | npm run -s cli -- site roster pin --badge ${printableFileName(badge)} --postgres <site admin connection string>, and reaches this station at its next roster check`,
      );
    }
    const pin = pinFromStdin();
    const problem = pinProblem(pin, found);
    if (problem) throw new UsageError(`operator reset-pin: ${problem}`);
    const hashed = await hashPin(pin);
    const reset = store.transaction(() => {
      const record = store.operators.byId(found.id);
      if (!record) throw new UsageError(`operator reset-pin: the operator with badge ${JSON.stringify(printableFileName(badge))} is gone`);
      store.operators.setPin(record.id, hashed, true);
      store.audit.append({
        actor: cliActor(),
        kind: 'operator.pinReset',
        subjectType: 'operator',
        subjectId: record.id,
        mode: 'live',
        payload: { pinRecord: pinRecordFingerprint(hashed.salt, hashed.hash), pinToChange: true, via: 'cli' },
      });
      return { reset: true, badge: record.badge, operatorId: record.id, name: record.name, active: record.active, pinToChange: true };
    });
    printJson(reset);
    return 0;
  } finally {
    store.close();
  }
}
