import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/index.ts';
import { AuditLog } from '../store/index.ts';
import { readerOf } from '../store/index.ts';
import { someItemsNamedBy } from './itemArgument.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `history --db <file> [--item <custody ID, tracking number or scanned code>]`: audit events as JSON
 * lines, oldest first; a tracking number that names several items gives the events of all of them.
 */
export function historyCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, item: { type: 'string' } }, strict: true });
  if (!values.db) throw new UsageError('history needs --db <file>');
  if (!existsSync(values.db)) throw new UsageError(`history: no database at ${values.db}`);
  const db = openDatabase(values.db, { readonly: true });
  try {
    const audit = new AuditLog(db, 'history', () => new Date());
    if (!values.item) {
      for (const event of audit.events()) printJson(event);
      return 0;
    }
    const custodyIds = someItemsNamedBy({ audit, lookups: readerOf(db).lookups }, values.item, 'history');
    const events = custodyIds.flatMap((id) => audit.eventsFor('item', id)).sort((a, b) => a.seq - b.seq);
    for (const event of events) printJson(event);
    return 0;
  } finally {
    db.close();
  }
}
