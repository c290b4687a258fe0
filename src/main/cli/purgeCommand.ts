import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Store } from '../store/index.ts';
import { cliActor, imageStoreBeside, purge } from '../records/index.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `purge --db <file> [--images <dir>] [--dry-run]`: removes what is past the retention policy
 * (never what is on hold or linked to an open incident). One JSON line per batch, then a summary;
 * each real batch is an audit event, and the audit log itself is kept.
 */
export function purgeCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, images: { type: 'string' }, 'dry-run': { type: 'boolean' } }, strict: true });
  if (!values.db) throw new UsageError('purge needs --db <file>');
  if (!existsSync(values.db)) throw new UsageError(`purge: no database at ${values.db}`);
  const store = Store.open(values.db);
  try {
    const report = purge(store, {
      by: cliActor(),
      imageStore: values.images ?? imageStoreBeside(values.db),
      dryRun: values['dry-run'] ?? false,
      onBatch: (batch) => printJson({ batch: true, ...batch }),
    });
    printJson({ summary: true, ...report });
    return 0;
  } finally {
    store.close();
  }
}
