import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCustodyId } from '../../shared/domain/index.ts';
import { openDatabase } from '../store/index.ts';
import { AuditLog } from '../store/index.ts';
import { readerOf } from '../store/index.ts';
import { printJson, UsageError } from './output.ts';

/** `history --db <file> [--item <custody ID or tracking number>]`: audit events as JSON lines, oldest first. */
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
    const wanted = values.item.trim();
    const custodyIds = new Set<string>();
    const parsed = parseCustodyId(wanted);
    if (parsed) custodyIds.add(parsed);
    const normalized = wanted.replace(/\s+/g, '').toUpperCase();
    for (const custodyId of readerOf(db).lookups.custodyIdsByCode(normalized)) custodyIds.add(custodyId);
    if (custodyIds.size === 0) throw new UsageError(`history: no item with custody ID or tracking number ${wanted}`);
    const events = [...custodyIds].flatMap((id) => audit.eventsFor('item', id)).sort((a, b) => a.seq - b.seq);
    for (const event of events) printJson(event);
    return 0;
  } finally {
    db.close();
  }
}
