import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, SchemaTooNewError, schemaVersion } from '../../src/main/store/index.ts';
import { MIGRATIONS } from '../../src/main/store/migrations/index.ts';
import { tempDir } from '../helpers/station.ts';

const LATEST = MIGRATIONS.at(-1)!.version;

describe('migrations', () => {
  it('versions are consecutive from 1', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a new database to the latest schema with the durability settings', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['items', 'operators', 'audit_events', 'station_meta']));
    db.close();
  });

  it('are applied once: reopening changes nothing', () => {
    const file = path.join(tempDir(), 'again.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(migrate(db)).toEqual({ from: LATEST, to: LATEST });
    db.close();
  });

  it('a failing migration leaves the database at the previous whole version', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: LATEST + 1, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE half (x)'); throw new Error('boom'); } }];
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuse a database whose schema is newer than the code, leaving it untouched', () => {
    const file = path.join(tempDir(), 'newer.sqlite');
    const future = new Database(file);
    future.exec('CREATE TABLE from_the_future (x)');
    future.pragma(`user_version = ${LATEST + 7}`);
    future.close();
    const before = readFileSync(file);

    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Mailscreen/);
    expect(readFileSync(file).equals(before)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(schemaVersion(check)).toBe(LATEST + 7);
    check.close();
  });
});
