import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/database.ts';
import { AuditLog } from '../store/auditLog.ts';
import { verifyAuditExport } from '../reports/auditExport.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `verify --db <file>`: walks the audit chain; `verify --export <file>`: the same check on an
 * audit export, with no database (another machine). Exit 0 when intact, 1 when not.
 */
export function verifyCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, export: { type: 'string' } }, strict: true });
  if (values.db && values.export) throw new UsageError('verify takes --db <file> or --export <file>, not both');
  if (values.export) {
    if (!existsSync(values.export)) throw new UsageError(`verify: no export at ${values.export}`);
    const verdict = verifyAuditExport(readFileSync(values.export, 'utf8'));
    printJson(verdict);
    return verdict.ok ? 0 : 1;
  }
  if (!values.db) throw new UsageError('verify needs --db <file> (the station database) or --export <file> (an audit export)');
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
