import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/database.ts';
import { AuditLog } from '../store/auditLog.ts';
import { printJson, UsageError } from './output.ts';

/** `verify --db <file>`: walks the audit chain; exit 0 when intact, 1 when not. */
export function verifyCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' } }, strict: true });
  if (!values.db) throw new UsageError('verify needs --db <file>: the station database to check');
  if (!existsSync(values.db)) throw new UsageError(`verify: no database at ${values.db}`);
  const db = openDatabase(values.db, { readonly: true });
  try {
    const verdict = new AuditLog(db, 'verify', () => new Date()).verify();
    printJson(verdict);
    return verdict.ok ? 0 : 1;
  } finally {
    db.close();
  }
}
