import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export class SchemaTooNewError extends Error {
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(
      `This database has schema version ${found}, but this Mailscreen understands versions up to ${supported}. ` +
        'It was written by a newer Mailscreen: install that version (or newer) to open it. The database was not changed.',
    );
    this.name = 'SchemaTooNewError';
    this.found = found;
    this.supported = supported;
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses, before anything is written, a database made by a newer Mailscreen. */
export function assertSchemaSupported(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const found = schemaVersion(db);
  if (found > latest) throw new SchemaTooNewError(found, latest);
}

/**
 * Brings the schema up to date, each pending migration in its own transaction with its
 * version bump, so a crash leaves the database at a whole version. A newer schema is refused
 * before anything is written.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  assertSchemaSupported(db, migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
