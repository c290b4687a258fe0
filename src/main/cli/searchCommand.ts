import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ItemState, StationFailure } from '../../shared/contract/index.ts';
import { openDatabase } from '../store/index.ts';
import { readerOf } from '../store/index.ts';
import { ItemSearchService } from '../records/index.ts';
import { searchBound } from './dates.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `search --db <file> [<text>] [--tracking n] [--custody id] [--recipient words] [--from d] [--to d]
 * [--state S]... [--limit n] [--cursor c]`: matching items as JSON lines, newest first, then
 * `{"nextCursor": ...}`. A --from or --to day is the station's local day, as in reports and exports.
 */
export function searchCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      tracking: { type: 'string' },
      custody: { type: 'string' },
      recipient: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      state: { type: 'string', multiple: true },
      limit: { type: 'string' },
      cursor: { type: 'string' },
    },
    strict: true,
  });
  if (!values.db) throw new UsageError('search needs --db <file>');
  if (!existsSync(values.db)) throw new UsageError(`search: no database at ${values.db}`);
  const states = (values.state ?? []).map((s) => {
    const parsed = ItemState.safeParse(s.toUpperCase());
    if (!parsed.success) throw new UsageError(`search: --state ${s} is not a state; one of ${ItemState.options.join(', ')}`);
    return parsed.data;
  });
  const from = values.from === undefined ? undefined : searchBound('search: --from', values.from, false);
  const to = values.to === undefined ? undefined : searchBound('search: --to', values.to, true);
  if (from !== undefined && to !== undefined && from >= to) throw new UsageError(`search: --from ${values.from} is not before --to ${values.to}`);
  const limit = Number(values.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('search: --limit is 1 to 500');
  const db = openDatabase(values.db, { readonly: true });
  try {
    let page;
    try {
      page = new ItemSearchService(readerOf(db).search).search({
        query: positionals.join(' ') || undefined,
        trackingNumber: values.tracking,
        custodyId: values.custody,
        recipient: values.recipient,
        from,
        to,
        states,
        limit,
        cursor: values.cursor,
      });
    } catch (error) {
      // A cursor this search did not give out, a filter it cannot read: the admin's to correct.
      if (error instanceof StationFailure) throw new UsageError(`search: ${error.message}`);
      throw error;
    }
    for (const item of page.items) printJson(item);
    printJson({ nextCursor: page.nextCursor });
    return 0;
  } finally {
    db.close();
  }
}
