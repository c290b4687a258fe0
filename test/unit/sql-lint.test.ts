import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** Lints source text as if it lived at `file`, and returns the SQL-in-store rule's messages. */
async function sqlErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'mailscreen/sql-in-store').map((m) => m.message);
}

describe('all SQL lives in src/main/store (lint)', () => {
  it.each([
    ['src/main/core/x.ts', "import type { Store } from '../store/index.ts';\nexport const x = (store: Store) => store.db.prepare('SELECT 1').get();", /\.prepare\(\) on a database handle outside the store/],
    ['src/main/records/x.ts', "export const x = (db: { exec(sql: string): void }) => db.exec('DELETE FROM items');", /\.exec\(\) on a database handle outside the store/],
    ['src/main/reports/x.ts', "export const x = (db: { pragma(sql: string): void }) => db.pragma('foreign_keys = OFF');", /\.pragma\(\) on a database handle/],
    ['src/main/cli/x.ts', "export const x = (db: Record<string, (sql: string) => unknown>) => db['prepare']('SELECT 1');", /\.prepare\(\)/],
    ['src/main/hosts/web/x.ts', "export const x = (h: { db: { prepare(s: string): unknown } }) => h.db.prepare('SELECT 1');", /outside the store/],
    ['src/main/core/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;", /better-sqlite3 is imported only in src\/main\/store/],
    ['src/main/records/x.ts', "import type Database from 'better-sqlite3';\nexport type X = Database.Database;", /better-sqlite3 is imported only in src\/main\/store/],
    // An `exec` the linter cannot prove is a RegExp's is treated as SQL.
    ['src/main/records/x.ts', "export const x = (pattern: { exec(s: string): unknown }) => pattern.exec('x');", /\.exec\(\)/],
    ['src/main/records/x.ts', "let pattern = /a/;\npattern = /b/;\nexport const x = () => pattern.exec('x');", /\.exec\(\)/],
  ])('%s: %s', async (file, code, expected) => {
    expect((await sqlErrors(file, code)).join('\n')).toMatch(expected);
  });

  it.each([
    ['src/main/store/x.ts', "import Database from 'better-sqlite3';\nexport const x = (db: Database.Database) => { db.pragma('foreign_keys = ON'); db.exec('SELECT 1'); return db.prepare('SELECT 1').get(); };"],
    ['src/main/store/readModels/x.ts', "import type Database from 'better-sqlite3';\nexport const x = (db: Database.Database) => db.prepare('SELECT 1').get();"],
    ['src/main/records/x.ts', "const BACKUP_TIME = /^a(\\d+)$/;\nexport const x = (name: string) => BACKUP_TIME.exec(name);"],
    ['src/main/core/x.ts', "export const x = (name: string) => /^(\\d+)$/.exec(name) ?? new RegExp('b').exec(name);"],
    ['src/main/core/x.ts', "const WORD = new RegExp('\\\\w+');\nexport const x = (name: string) => WORD.exec(name);"],
    ['src/main/core/x.ts', "import type { Store } from '../store/index.ts';\nexport const x = (store: Store) => store.transaction(() => store.reader.lookups.chainHead());"],
    ['src/hardware/x.ts', "export const x = (port: { exec(s: string): void }) => port.exec('x');"],
    ['test/unit/x.test.ts', "export const x = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');"],
    ['bench/x.ts', "import Database from 'better-sqlite3';\nexport const x = new Database(':memory:').prepare('SELECT 1');"],
  ])('allows %s', async (file, code) => {
    expect(await sqlErrors(file, code)).toEqual([]);
  });

  it('the source tree itself has no SQL outside the store', async () => {
    const results = await eslint.lintFiles(['src/main']);
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'mailscreen/sql-in-store').map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`));
    expect(violations).toEqual([]);
  });
});
