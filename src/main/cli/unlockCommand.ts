import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printableFileName } from '../../hardware/index.ts';
import { Store } from '../store/index.ts';
import { cliActor } from '../records/index.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `unlock --badge <badge> --db <file>`: clears a badge's lockout and its backoff from the machine
 * itself. Anyone with the web host's token can lock a badge by guessing (five wrong PINs), even the
 * only admin's; this is the way back in that needs a shell on the station, not the screen. Audited
 * as `operator.unlocked` with `via: 'cli'` and the account that ran it.
 */
export function unlockCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { badge: { type: 'string' }, db: { type: 'string' } }, strict: true });
  if (!values.badge || values.badge.trim() === '') throw new UsageError('unlock needs --badge <badge code> (the code printed on the operator’s badge)');
  if (!values.db) throw new UsageError('unlock needs --db <file> (the station’s database, e.g. data/station.sqlite)');
  if (!existsSync(values.db) || !statSync(values.db).isFile()) throw new UsageError(`unlock: no database at ${printableFileName(values.db)}`);
  const badge = values.badge.trim();
  const store = Store.open(values.db);
  try {
    const unlocked = store.transaction(() => {
      const record = store.operators.byBadge(badge);
      if (!record) throw new UsageError(`unlock: no operator has badge ${JSON.stringify(printableFileName(badge))} in ${printableFileName(values.db!)}`);
      const wasLockedUntil = record.lockedUntil && new Date(record.lockedUntil) > new Date() ? record.lockedUntil : null;
      store.operators.clearLockout(record.id);
      store.audit.append({
        actor: cliActor(),
        kind: 'operator.unlocked',
        subjectType: 'operator',
        subjectId: record.id,
        mode: 'live',
        payload: { via: 'cli', wasLockedUntil, consecutiveLockouts: record.consecutiveLockouts },
      });
      return { unlocked: true, badge: record.badge, operatorId: record.id, name: record.name, wasLockedUntil };
    });
    printJson(unlocked);
    return 0;
  } finally {
    store.close();
  }
}
